/**
 * The vocabulary the generator builds AOT-like names from: application modules with their prefixes,
 * business nouns, suffixes per kind of object, job titles, people's names and organizations.
 *
 * @module
 */

/**
 * An application module: the prefix its metadata names start with, the nouns of its business
 * objects, and how expensive its licences usually are (`tier` 0 = self-service, 2 = operations).
 *
 * @internal
 */
export interface ModuleVocabulary {
  readonly prefix: string;
  readonly area: string;
  readonly nouns: readonly string[];
  readonly tier: 0 | 1 | 2;
}

/** @internal */
export const modules: readonly ModuleVocabulary[] = [
  { prefix: 'Ledger', area: 'General ledger', tier: 2, nouns: ['Journal', 'JournalEntry', 'Allocation', 'Period', 'Posting', 'Account', 'MainAccount', 'Consolidation', 'Reversal', 'Accrual', 'Budget', 'Closing', 'Currency', 'Dimension', 'Elimination', 'Settlement'] },
  { prefix: 'Cust', area: 'Accounts receivable', tier: 2, nouns: ['Customer', 'Invoice', 'Payment', 'Collection', 'Interest', 'Statement', 'Settlement', 'Group', 'Credit', 'FreeTextInvoice', 'Aging', 'Posting', 'Reimbursement', 'WriteOff', 'Account', 'Bill'] },
  { prefix: 'Vend', area: 'Accounts payable', tier: 2, nouns: ['Vendor', 'Invoice', 'Payment', 'Settlement', 'Group', 'Posting', 'Approval', 'Hold', 'Request', 'Statement', 'Account', 'Collaboration', 'Rebate', 'Aging', 'Bank', 'Promissory'] },
  { prefix: 'Invent', area: 'Inventory management', tier: 2, nouns: ['Item', 'Journal', 'Transfer', 'Counting', 'Closing', 'Batch', 'Serial', 'Location', 'Quarantine', 'Dimension', 'Model', 'OnHand', 'Quality', 'Reservation', 'Site', 'Cost'] },
  { prefix: 'Purch', area: 'Procurement and sourcing', tier: 2, nouns: ['Order', 'Requisition', 'Agreement', 'Line', 'Receipt', 'Confirmation', 'Category', 'Rfq', 'Charge', 'Policy', 'Approval', 'Budget', 'Catalog', 'Return'] },
  { prefix: 'Sales', area: 'Sales and marketing', tier: 2, nouns: ['Order', 'Quotation', 'Line', 'Agreement', 'Commission', 'Campaign', 'Prospect', 'Delivery', 'Return', 'Confirmation', 'Price', 'Discount', 'Pool', 'Channel'] },
  { prefix: 'Proj', area: 'Project management and accounting', tier: 2, nouns: ['Project', 'Contract', 'Forecast', 'Invoice', 'Estimate', 'Revenue', 'Activity', 'Category', 'Budget', 'Hour', 'Expense', 'Fee', 'Wbs', 'Posting'] },
  { prefix: 'Bank', area: 'Cash and bank management', tier: 2, nouns: ['Account', 'Statement', 'Reconciliation', 'Deposit', 'Remittance', 'Cheque', 'Transaction', 'Position', 'Guarantee', 'Letter', 'Facility', 'Group'] },
  { prefix: 'Tax', area: 'Tax', tier: 2, nouns: ['Code', 'Group', 'Period', 'Settlement', 'Report', 'Exempt', 'Withhold', 'Authority', 'Registration', 'Calculation', 'Declaration', 'Jurisdiction'] },
  { prefix: 'Asset', area: 'Fixed assets', tier: 2, nouns: ['Asset', 'Book', 'Depreciation', 'Acquisition', 'Disposal', 'Revaluation', 'Lease', 'Location', 'Group', 'Transfer', 'Split', 'Proposal'] },
  { prefix: 'Budget', area: 'Budgeting', tier: 2, nouns: ['Plan', 'Register', 'Model', 'Cycle', 'Control', 'Transfer', 'Allocation', 'Scenario', 'Position', 'Forecast', 'Reservation', 'Revision'] },
  { prefix: 'Prod', area: 'Production control', tier: 2, nouns: ['Order', 'Route', 'Bom', 'Formula', 'Job', 'Resource', 'Schedule', 'Scrap', 'Calculation', 'Batch', 'Kanban', 'Feedback'] },
  { prefix: 'Req', area: 'Master planning', tier: 2, nouns: ['Plan', 'Forecast', 'Demand', 'Supply', 'Coverage', 'Schedule', 'Group', 'Transaction', 'Action', 'Futures', 'Safety', 'Intercompany'] },
  { prefix: 'WHS', area: 'Warehouse management', tier: 1, nouns: ['Work', 'Wave', 'Load', 'Shipment', 'Container', 'License', 'Location', 'Replenishment', 'Cycle', 'Mobile', 'Packing', 'Receiving', 'Putaway', 'Zone'] },
  { prefix: 'TMS', area: 'Transportation management', tier: 1, nouns: ['Route', 'Carrier', 'Rate', 'Freight', 'Appointment', 'Tender', 'Load', 'Zone', 'Hub', 'Mode', 'Charge', 'Reconciliation'] },
  { prefix: 'Hcm', area: 'Human resources', tier: 1, nouns: ['Worker', 'Position', 'Job', 'Employment', 'Compensation', 'Benefit', 'Leave', 'Absence', 'Skill', 'Course', 'Goal', 'Review', 'Onboarding', 'Certificate'] },
  { prefix: 'Payroll', area: 'Payroll', tier: 2, nouns: ['Pay', 'Earning', 'Deduction', 'Statement', 'Cycle', 'Period', 'Tax', 'Benefit', 'Position', 'Run', 'Garnishment', 'Accrual'] },
  { prefix: 'TrvExpense', area: 'Expense management', tier: 0, nouns: ['Report', 'Line', 'Receipt', 'Category', 'Policy', 'CashAdvance', 'Mileage', 'PerDiem', 'Itemization', 'Delegation', 'Approval', 'Travel'] },
  { prefix: 'TSTimesheet', area: 'Timesheets', tier: 0, nouns: ['Timesheet', 'Line', 'Period', 'Approval', 'Entry', 'Delegation', 'Favorite', 'Signoff', 'Template', 'Week'] },
  { prefix: 'Retail', area: 'Retail and commerce', tier: 1, nouns: ['Store', 'Channel', 'Terminal', 'Shift', 'Statement', 'Assortment', 'Catalog', 'Loyalty', 'Discount', 'GiftCard', 'Pos', 'Register', 'Tender'] },
  { prefix: 'SMA', area: 'Service management', tier: 1, nouns: ['Agreement', 'Order', 'Object', 'Task', 'Stage', 'Dispatch', 'Repair', 'Template', 'Subscription', 'Level'] },
  { prefix: 'Cat', area: 'Procurement catalogs', tier: 0, nouns: ['Catalog', 'Product', 'Vendor', 'Request', 'Policy', 'Import', 'Hierarchy', 'Search'] },
  { prefix: 'EcoRes', area: 'Product information management', tier: 1, nouns: ['Product', 'Variant', 'Category', 'Attribute', 'Dimension', 'Release', 'Translation', 'Master', 'Configuration', 'Hierarchy'] },
  { prefix: 'DirParty', area: 'Global address book', tier: 0, nouns: ['Party', 'Address', 'Contact', 'Relationship', 'Location', 'Person', 'Organization', 'Name'] },
  { prefix: 'Sys', area: 'System administration', tier: 2, nouns: ['User', 'Security', 'Batch', 'Alert', 'Workflow', 'Database', 'Setting', 'License', 'Session', 'Email', 'Policy', 'Log', 'Role', 'Task'] },
  { prefix: 'Workflow', area: 'Workflow', tier: 1, nouns: ['Approval', 'Task', 'Element', 'History', 'Delegation', 'Escalation', 'Queue', 'Assignment', 'Version'] },
  { prefix: 'Dimension', area: 'Financial dimensions', tier: 2, nouns: ['Value', 'Set', 'Hierarchy', 'Rule', 'Structure', 'Attribute', 'Link', 'Default', 'Focus'] },
  { prefix: 'Qty', area: 'Quality management', tier: 1, nouns: ['Test', 'Order', 'Association', 'Group', 'Variable', 'Certificate', 'Nonconformance', 'Correction', 'Instrument'] },
  { prefix: 'Intercompany', area: 'Intercompany', tier: 2, nouns: ['Order', 'Invoice', 'Trade', 'Policy', 'Partner', 'Accounting', 'Endpoint', 'Settlement'] },
  { prefix: 'Rev', area: 'Revenue recognition', tier: 2, nouns: ['Schedule', 'Allocation', 'Price', 'Group', 'Deferral', 'Bundle', 'Recognition'] },
];

/** Second nouns that qualify a business object (`LedgerJournal` + `Table`, `CustInvoice` + `Journal`). @internal */
export const qualifiers: readonly string[] = [
  '', '', '', '', 'Journal', 'Table', 'Trans', 'Setup', 'Parameters', 'Line', 'Header', 'Group', 'History', 'Template', 'Type', 'Status', 'Proposal', 'Summary', 'Detail', 'Archive', 'Log', 'Batch', 'Rule', 'Profile', 'Policy', 'Version',
];

/** Suffixes of the names of each kind of entry point. @internal */
export const kindSuffixes = {
  'table': ['Table', 'Trans', 'Jour', 'Line', 'Setup', 'Group', 'Parameters', 'Map', 'Tmp', ''],
  'menu-item-display': ['', 'Table', 'ListPage', 'Details', 'Inquiry', 'Workspace', 'Setup', 'Overview', 'Journal'],
  'menu-item-output': ['Report', 'Print', 'Statement', 'Listing', 'Summary', 'Analysis'],
  'menu-item-action': ['Post', 'Create', 'Update', 'Close', 'Run', 'Approve', 'Cancel', 'Calculate', 'Generate', 'Release', 'Copy'],
  'data-entity': ['Entity', 'V2Entity', 'V3Entity', 'Entity', 'StagingEntity', 'LineEntity', 'HeaderEntity'],
  'service-operation': ['create', 'read', 'update', 'delete', 'find', 'getList', 'post', 'validate', 'submit', 'approve'],
  'form-control': ['PostButton', 'NewButton', 'DeleteButton', 'EditButton', 'ApproveButton', 'ButtonLines', 'TabPageGeneral', 'GridOverview', 'ActionPaneHeader', 'ButtonSettle', 'MenuFunctions', 'ButtonPrint', 'FieldAmount', 'ButtonCopy'],
  'web-content': ['Tile', 'Chart', 'Kpi', 'Part', 'Workspace', 'Feed'],
} as const;

/** Job titles, completing role names (`Cust` + `Collections` + `Agent`). @internal */
export const jobTitles: readonly string[] = [
  'Clerk', 'Manager', 'Accountant', 'Specialist', 'Supervisor', 'Controller', 'Agent', 'Planner', 'Coordinator',
  'Administrator', 'Analyst', 'Director', 'Officer', 'Lead', 'Worker', 'Auditor', 'Buyer', 'Approver', 'Operator',
];

/** Verbs of duties (`LedgerJournalEntry` + `Maintain`). @internal */
export const dutyVerbs: readonly string[] = [
  'Maintain', 'Inquire', 'Approve', 'Post', 'Process', 'Review', 'Generate', 'Enable', 'Manage', 'Analyze', 'Monitor', 'Reconcile', 'Close', 'Setup',
];

/** Given names of generated users. @internal */
export const givenNames: readonly string[] = [
  'Alicia', 'Ben', 'Charlie', 'Dana', 'Emil', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya',
  'Quentin', 'Rosa', 'Sven', 'Tomoko', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Bruno', 'Chen', 'Daria', 'Elif', 'Felix',
  'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Nils', 'Olga', 'Pablo', 'Rina', 'Sami', 'Tara', 'Ugo', 'Vera', 'Wanjiru',
];

/** Family names of generated users. @internal */
export const familyNames: readonly string[] = [
  'Andersen', 'Baker', 'Castillo', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Haddad', 'Ibrahim', 'Jensen', 'Kowalski', 'Larsen',
  'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Ueda', 'Varga', 'Wagner', 'Xu', 'Yilmaz', 'Zhang',
  'Alvarez', 'Becker', 'Cohen', 'Dimitrov', 'Evans', 'Fernandes', 'Gupta', 'Horvat', 'Ito', 'Johansson', 'Kim', 'Lopez', 'Mensah', 'Novak',
  'Olsen', 'Patel', 'Rahman', 'Silva', 'Torres', 'Urban', 'Vasquez', 'Weber', 'Young', 'Ziegler',
];

/** Departments written to the `department` attribute. @internal */
export const departments: readonly string[] = [
  'Finance', 'Accounts payable', 'Accounts receivable', 'Treasury', 'Procurement', 'Sales', 'Marketing', 'Warehouse', 'Production',
  'Planning', 'Human resources', 'Payroll', 'IT', 'Service', 'Retail operations', 'Projects', 'Quality', 'Logistics', 'Internal audit',
];

/**
 * Regions, legal entities (the demo companies' style of four-letter ids) and operating units, as
 * the organization hierarchy is built from them.
 *
 * @internal
 */
export const regions: readonly (readonly [id: string, name: string])[] = [
  ['NA', 'North America'], ['EU', 'Europe'], ['APAC', 'Asia Pacific'], ['LATAM', 'Latin America'], ['MEA', 'Middle East and Africa'],
];

/** Country codes used for legal entity ids, by region index. @internal */
export const countriesByRegion: readonly (readonly string[])[] = [
  ['US', 'CA', 'MX'],
  ['DE', 'FR', 'GB', 'NL', 'IT', 'ES', 'SE', 'PL', 'DK'],
  ['JP', 'CN', 'IN', 'AU', 'SG', 'MY', 'TH'],
  ['BR', 'AR', 'CL', 'CO'],
  ['AE', 'SA', 'ZA', 'EG'],
];

/** Business lines, completing legal entity ids (`US` + `MF` = manufacturing). @internal */
export const businessLines: readonly (readonly [code: string, name: string])[] = [
  ['MF', 'Manufacturing'], ['RT', 'Retail'], ['SI', 'Services'], ['PM', 'Project management'], ['DS', 'Distribution'], ['FN', 'Finance'],
];

/** Operating units below legal entities. @internal */
export const operatingUnits: readonly (readonly [code: string, name: string])[] = [
  ['FIN', 'Finance department'], ['SALES', 'Sales department'], ['OPS', 'Operations'], ['HR', 'Human resources'], ['IT', 'IT department'],
  ['CC100', 'Cost centre 100'], ['CC200', 'Cost centre 200'], ['BU-EAST', 'Business unit East'], ['BU-WEST', 'Business unit West'], ['PROC', 'Procurement'],
];
