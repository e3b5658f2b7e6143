import { describe, it } from 'vitest';
import { memoryStore } from '../../src/index.js';
import { describeStoreConformance } from '../../src/testing/index.js';

describeStoreConformance('memoryStore', () => memoryStore(), { describe, it });
