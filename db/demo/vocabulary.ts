/**
 * Word lists the demo draws realistic values from. Phone numbers come from Ofcom's ranges reserved
 * for drama (020 7946 0xxx, 0161 496 0xxx, 07700 900xxx…), so no real subscriber is ever shown.
 * A few entries carry non-ASCII letters (é, ü, ’) on purpose: readers must round-trip them.
 */

export type StaffRole =
  | 'admin'
  | 'automation'
  | 'import'
  | 'portal'
  | 'director'
  | 'sales'
  | 'finance'
  | 'auditor'
  | 'compliance'
  | 'support';

export interface StaffMember {
  name: string;
  login: string;
  department: string;
  jobTitle: string;
  role: StaffRole;
}

/**
 * The organisation's people, in `Person.ID` order (IDs 1…20). IDs 2–4 are the service accounts
 * that the simulation's automation, imports and web portal act as.
 */
export const STAFF: readonly StaffMember[] = [
  { name: 'Helen Carter', login: 'hcarter', department: 'IT', jobTitle: 'System Administrator', role: 'admin' },
  { name: 'Automation Service', login: 'svc-automation', department: 'IT', jobTitle: 'Service account', role: 'automation' },
  { name: 'Data Import', login: 'svc-import', department: 'IT', jobTitle: 'Service account', role: 'import' },
  { name: 'Online Portal', login: 'web-portal', department: 'Customer Support', jobTitle: 'Service account', role: 'portal' },
  { name: 'Richard Okafor', login: 'rokafor', department: 'Sales', jobTitle: 'Sales Director', role: 'director' },
  { name: 'Emma Clarke', login: 'eclarke', department: 'Sales', jobTitle: 'Account Manager', role: 'sales' },
  { name: 'James Patel', login: 'jpatel', department: 'Sales', jobTitle: 'Key Account Manager', role: 'sales' },
  { name: 'Sophie Turner', login: 'sturner', department: 'Sales', jobTitle: 'Account Manager', role: 'sales' },
  { name: 'Daniel Hughes', login: 'dhughes', department: 'Sales', jobTitle: 'Account Manager', role: 'sales' },
  { name: 'Priya Shah', login: 'pshah', department: 'Finance', jobTitle: 'Finance Manager', role: 'finance' },
  { name: 'Tom Gallagher', login: 'tgallagher', department: 'Finance', jobTitle: 'Credit Controller', role: 'finance' },
  { name: 'Aoife Byrne', login: 'abyrne', department: 'Audit', jobTitle: 'Lead Auditor', role: 'auditor' },
  { name: 'Marcus Johnson', login: 'mjohnson', department: 'Audit', jobTitle: 'Lead Auditor', role: 'auditor' },
  { name: 'Chloé Martin', login: 'cmartin', department: 'Audit', jobTitle: 'Auditor', role: 'auditor' },
  { name: 'Grace Kim', login: 'gkim', department: 'Audit', jobTitle: 'Auditor', role: 'auditor' },
  { name: 'Oliver Bennett', login: 'obennett', department: 'Compliance', jobTitle: 'Compliance Manager', role: 'compliance' },
  { name: 'Fatima Rahman', login: 'frahman', department: 'Customer Support', jobTitle: 'Support Lead', role: 'support' },
  { name: 'Liam Murphy', login: 'lmurphy', department: 'Customer Support', jobTitle: 'Support Agent', role: 'support' },
  { name: 'Hannah Wright', login: 'hwright', department: 'Operations', jobTitle: 'Operations Manager', role: 'support' },
  { name: 'Siân Evans', login: 'sevans', department: 'Finance', jobTitle: 'Accounts Assistant', role: 'finance' },
];

/** People hired during the simulated period (the day is an offset from the start of logging). */
export const NEW_HIRES: readonly (StaffMember & { afterDays: number })[] = [
  { name: 'Noah Fischer', login: 'nfischer', department: 'Sales', jobTitle: 'Account Manager', role: 'sales', afterDays: 130 },
  { name: 'Zoë Adams', login: 'zadams', department: 'Customer Support', jobTitle: 'Support Agent', role: 'support', afterDays: 420 },
  { name: 'Ravi Menon', login: 'rmenon', department: 'Audit', jobTitle: 'Auditor', role: 'auditor', afterDays: 610 },
];

export const STAFF_EMAIL_DOMAIN = 'brightwell-assurance.co.uk';

export const DEPARTMENTS = ['Sales', 'Finance', 'Audit', 'Compliance', 'Customer Support', 'IT', 'Operations'] as const;

export const FIRST_NAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William', 'James',
  'Henry', 'Leo', 'Alfie', 'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander', 'Daniel', 'Samuel',
  'Amelia', 'Olivia', 'Isla', 'Emily', 'Poppy', 'Ava', 'Isabella', 'Jessica', 'Lily', 'Sophie', 'Grace',
  'Sophia', 'Mia', 'Evie', 'Ruby', 'Ella', 'Scarlett', 'Chloe', 'Freya', 'Charlotte', 'Sienna', 'Lucy',
  'Priya', 'Arjun', 'Mohammed', 'Aisha', 'Fatima', 'Omar', 'Yusuf', 'Zara', 'Hannah', 'Rebecca', 'Claire',
  'Sarah', 'Rachel', 'Karen', 'Helen', 'Joanne', 'Andrew', 'David', 'Mark', 'Paul', 'Stephen', 'Richard',
  'Aoife', 'Niamh', 'Ciarán', 'Seán', 'Siân', 'Rhys', 'Dafydd', 'Eilidh', 'Callum', 'Zoë', 'Chloé',
  'Renée', 'José', 'Björn', 'Søren', 'Łukasz', 'Agnieszka', 'Matteo', 'Giulia', 'Lena', 'Jürgen',
];

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
  'Patel', 'Khan', 'Lewis', 'James', 'Phillips', 'Mason', 'Mitchell', 'Rose', 'Davis', 'Rodriguez',
  'Cox', 'Alexander', 'Morgan', 'Moore', 'Martin', 'Price', 'Shaw', 'Lee', 'Hughes', 'Edwards',
  'Hussain', 'Ahmed', 'Begum', 'Ali', 'Singh', 'Kaur', 'Chowdhury', 'Nguyen', 'Chen', 'Wong',
  'Murphy', 'Kelly', 'Byrne', 'Walsh', 'Campbell', 'Stewart', 'MacDonald', 'Fraser', 'Reid', 'Douglas',
  'Fletcher', 'Barker', 'Harrison', 'Lloyd', 'Palmer', 'Holmes', 'Ellis', 'Porter', 'Gibson', 'Spencer',
  'O’Brien', 'O’Connor', 'D’Souza', 'Müller', 'Schäfer', 'Núñez', 'Lefèvre', 'Kowalski', 'Nowak', 'Rossi',
];

/** Surnames a person may take on marriage (used for the one renamed member of staff). */
export const MARRIED_NAMES = ['Whitfield', 'Ashworth', 'Pemberton', 'Rowe'];

export const COMPANY_STEMS = [
  'Hartley', 'Ashford', 'Kingsbridge', 'Pennine', 'Severn', 'Thames Valley', 'Northgate', 'Brindley',
  'Calder', 'Aldridge', 'Wexford', 'Mercia', 'Oakridge', 'Harrowgate', 'Fenwick', 'Redbrook', 'Albion',
  'Cotswold', 'Tyneside', 'Clydesdale', 'Brunel', 'Whitcombe', 'Marston', 'Greystone', 'Lindqvist',
  'Beaumont', 'Halewood', 'Stanton', 'Holloway', 'Carrington', 'Millbrook', 'Westbury', 'Eastleigh',
  'Blackwater', 'Saxon', 'Hadrian', 'Chiltern', 'Mendip', 'Lakeland', 'Sterling', 'Crescent', 'Apex',
  'Meridian', 'Vantage', 'Keystone', 'Summit', 'Harbour', 'Cedar', 'Granite', 'Pioneer', 'Brückner',
  'Lumière', 'Citadel', 'Sovereign', 'Regent', 'Orchard', 'Ironbridge', 'Foxley', 'Kestrel', 'Heron',
];

export const COMPANY_SECTORS = [
  'Engineering', 'Precision Engineering', 'Logistics', 'Foods', 'Pharmaceuticals', 'Construction',
  'Laboratories', 'Packaging', 'Software', 'Medical Devices', 'Facilities Management', 'Plastics',
  'Aerospace Components', 'Data Services', 'Haulage', 'Print & Media', 'Recycling', 'Hospitality',
  'Bakeries', 'Cloud Services', 'Electrical Contractors', 'Fabrications', 'Chemicals', 'Textiles',
];

export const COMPANY_SUFFIXES = ['Ltd', 'Ltd', 'Ltd', 'Limited', 'plc', 'LLP', 'Group Ltd', 'UK Ltd', '& Sons Ltd'];

export interface City {
  city: string;
  country: string;
  /** Postcode outward-code areas used in this city. */
  areas: readonly string[];
  /** A phone number generator key (see records.ts). */
  phone: 'london' | 'geo4' | 'belfast' | 'cardiff' | 'fictional' | 'foreign';
  /** The geographic area code for `geo4` cities, e.g. `0161`. */
  areaCode?: string;
  /** Country calling prefix and area for foreign cities, e.g. `+49 89`. */
  dialPrefix?: string;
}

export const CITIES: readonly City[] = [
  { city: 'London', country: 'United Kingdom', areas: ['EC1V', 'EC2A', 'E1', 'N1', 'SE1', 'SW1A', 'W1T', 'WC2H'], phone: 'london' },
  { city: 'London', country: 'United Kingdom', areas: ['E14', 'NW1', 'SE10', 'W6'], phone: 'london' },
  { city: 'Manchester', country: 'United Kingdom', areas: ['M1', 'M2', 'M3', 'M4', 'M15', 'M50'], phone: 'geo4', areaCode: '0161' },
  { city: 'Leeds', country: 'United Kingdom', areas: ['LS1', 'LS2', 'LS9', 'LS11'], phone: 'geo4', areaCode: '0113' },
  { city: 'Sheffield', country: 'United Kingdom', areas: ['S1', 'S3', 'S9'], phone: 'geo4', areaCode: '0114' },
  { city: 'Nottingham', country: 'United Kingdom', areas: ['NG1', 'NG2', 'NG7'], phone: 'geo4', areaCode: '0115' },
  { city: 'Leicester', country: 'United Kingdom', areas: ['LE1', 'LE2', 'LE4'], phone: 'geo4', areaCode: '0116' },
  { city: 'Bristol', country: 'United Kingdom', areas: ['BS1', 'BS2', 'BS16', 'BS34'], phone: 'geo4', areaCode: '0117' },
  { city: 'Reading', country: 'United Kingdom', areas: ['RG1', 'RG2', 'RG30'], phone: 'geo4', areaCode: '0118' },
  { city: 'Birmingham', country: 'United Kingdom', areas: ['B1', 'B3', 'B5', 'B18'], phone: 'geo4', areaCode: '0121' },
  { city: 'Edinburgh', country: 'United Kingdom', areas: ['EH1', 'EH2', 'EH6', 'EH12'], phone: 'geo4', areaCode: '0131' },
  { city: 'Glasgow', country: 'United Kingdom', areas: ['G1', 'G2', 'G3', 'G51'], phone: 'geo4', areaCode: '0141' },
  { city: 'Liverpool', country: 'United Kingdom', areas: ['L1', 'L2', 'L3', 'L24'], phone: 'geo4', areaCode: '0151' },
  { city: 'Belfast', country: 'United Kingdom', areas: ['BT1', 'BT2', 'BT3', 'BT7'], phone: 'belfast' },
  { city: 'Cardiff', country: 'United Kingdom', areas: ['CF10', 'CF11', 'CF24'], phone: 'cardiff' },
  { city: 'Milton Keynes', country: 'United Kingdom', areas: ['MK9', 'MK10', 'MK14'], phone: 'fictional' },
  { city: 'Swindon', country: 'United Kingdom', areas: ['SN1', 'SN2', 'SN5'], phone: 'fictional' },
  { city: 'Dublin', country: 'Ireland', areas: ['D02', 'D04', 'D08'], phone: 'foreign', dialPrefix: '+353 1' },
  { city: 'München', country: 'Germany', areas: ['80331', '80335', '81379'], phone: 'foreign', dialPrefix: '+49 89' },
  { city: 'Düsseldorf', country: 'Germany', areas: ['40210', '40213', '40468'], phone: 'foreign', dialPrefix: '+49 211' },
  { city: 'Zürich', country: 'Switzerland', areas: ['8001', '8004', '8050'], phone: 'foreign', dialPrefix: '+41 44' },
];

export const STREET_NAMES = [
  'High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Victoria Street', 'Kingsway', 'Park Road',
  'London Road', 'Queen Street', 'New Road', 'Bridge Street', 'Market Place', 'Albert Road', 'York Road',
  'Canal Side', 'Wharf Street', 'Oxford Road', 'Princess Street', 'Castle Street', 'Granby Row',
  'St John’s Road', 'Deansgate', 'Boar Lane', 'Temple Quay', 'Colmore Row', 'Hope Street',
];

export const BUSINESS_PARKS = [
  'Riverside Business Park', 'Kingfisher Court', 'Enterprise Way', 'Phoenix Industrial Estate',
  'Meridian Business Park', 'Aston Science Park', 'Lakeside Trading Estate', 'Harbour Exchange',
];

export const CONTACT_JOB_TITLES = [
  'Quality Manager', 'Head of Quality', 'Finance Director', 'Operations Director', 'Compliance Officer',
  'Managing Director', 'Health & Safety Lead', 'IT Manager', 'Information Security Manager',
  'Procurement Manager', 'Office Manager', 'Accounts Payable', 'Site Manager', 'Chief Executive',
  'QHSE Coordinator', 'Data Protection Officer', 'Technical Director',
];

export const STANDARDS = ['ISO 9001', 'ISO 27001', 'SOC 2', 'ISO 14001', 'ISO 45001'] as const;

export const AUDIT_KINDS: Readonly<Record<(typeof STANDARDS)[number], readonly string[]>> = {
  'ISO 9001': ['certification audit', 'surveillance audit', 'recertification audit', 'Stage 1 review'],
  'ISO 27001': ['certification audit', 'surveillance audit', 'Stage 2 audit', 'Annex A controls review'],
  'SOC 2': ['Type I examination', 'Type II examination', 'readiness assessment'],
  'ISO 14001': ['surveillance audit', 'certification audit', 'environmental aspects review'],
  'ISO 45001': ['surveillance audit', 'certification audit', 'site safety audit'],
};

export const FINDING_TEXTS: Readonly<Record<(typeof STANDARDS)[number], readonly string[]>> = {
  'ISO 9001': [
    'Superseded procedure QP-07 still in use at goods-in.',
    'Calibration records for torque wrenches incomplete (3 of 11 tools).',
    'Supplier evaluation not documented for 2 of 12 critical suppliers.',
    'Management review minutes do not cover customer feedback or complaint trends.',
    'Non-conformance reports closed without evidence of root-cause analysis.',
    'Training matrix out of date for the night shift.',
    'Customer complaint CC-2231 not logged in the complaints register.',
  ],
  'ISO 27001': [
    'Leavers’ accounts not disabled within 24 hours (2 of 15 sampled).',
    'Quarterly access reviews for the finance system not performed.',
    'Backup restore test not evidenced since the last audit.',
    'Risk register not reviewed after the office move.',
    'Statement of Applicability does not reflect the new cloud hosting.',
    'Change tickets approved after deployment (4 of 20 sampled).',
    'Visitor log at reception incomplete for the sampled week.',
  ],
  'SOC 2': [
    'No evidence of annual security awareness training for 5 contractors.',
    'Production database access granted without a ticket (1 of 25 sampled).',
    'Vendor risk assessments missing for two sub-processors.',
    'Incident response plan not tested within the review period.',
    'Monitoring alerts acknowledged but not investigated within SLA.',
  ],
  'ISO 14001': [
    'Waste transfer notes missing for skip collections in March.',
    'Spill kit at the loading bay incomplete.',
    'Environmental objectives not reviewed since last year.',
    'Legal register does not include the updated packaging regulations.',
  ],
  'ISO 45001': [
    'Fire-door inspection overdue at the warehouse.',
    'COSHH assessments not reviewed for two cleaning products.',
    'Near-miss reports not analysed for trends.',
    'First-aid cover not maintained on the late shift.',
    'Forklift operator licence expired (1 of 8 operators).',
  ],
};

export const FINDING_FOLLOW_UPS = [
  'Corrective action plan received.',
  'Evidence of retraining supplied.',
  'Procedure reissued; awaiting verification at next visit.',
  'Root cause: resourcing during the peak season.',
  'Customer requested an extension — agreed with the lead auditor.',
  'Verified on site by the auditor.',
];

export const AUDIT_SUMMARIES = [
  'Good overall conformity. Minor issues around document control.',
  'Management system is effective and well embedded; a few records gaps noted.',
  'Significant improvement since the last visit. Findings relate mainly to supplier control.',
  'The organisation is compliant in most areas.\nAreas for improvement: access reviews and change management.',
  'Audit completed as planned. Recommendation: continued certification.',
  'Some weaknesses in monitoring and measurement; follow-up visit recommended.',
  'Strong leadership commitment. Evidence well organised — thank you to the QHSE team.',
];

export const CUSTOMER_NOTES = [
  'Key contact prefers e-mail, not phone.',
  'Invoices must quote the PO number, otherwise accounts payable rejects them.',
  'Site access: sign in at gatehouse B; PPE required.',
  'Met at the Zürich compliance conference; interested in ISO 27001.',
  'Multi-site: head office plus three depots.\nVisit the depots on separate days.',
  'Café chain with 14 sites — audits scheduled outside opening hours.',
  'Finance team changed in the spring; confirm the bank details by phone before any change.',
  'Parent company is in Düsseldorf; certificates issued to the UK entity only.',
  'Customer’s year end is 31 March — avoid audits in April.',
  'Prefers Tuesday or Thursday visits.',
  'Do not call before 10:00.\nReception closes at 16:30 on Fridays.',
];

export const NOTE_UPDATES = [
  'Spoke to the finance director about overdue invoices.',
  'Asked for a quote for an additional site.',
  'Complaint about audit scheduling resolved.',
  'Renewal discussed; decision expected next quarter.',
  'New QA manager started — introduction call booked.',
  'Requested certificates in both English and German (Übersetzung).',
  'Site visit went well; tour of the new warehouse.',
  'Payment plan agreed with credit control.',
  'They’re moving offices next year.',
];

export const CONTACT_NOTES = [
  'Prefers e-mail.',
  'Works Monday to Wednesday.',
  'PA handles diary requests.',
  'Speaks German and French.',
  'Main contact for invoices.',
  'Escalation point for audit scheduling.',
  'On maternity leave until the autumn.',
];

export const ORDER_DESCRIPTIONS = [
  'Annual surveillance audit fee',
  'Certification audit (Stage 1 and Stage 2)',
  'Gap analysis workshop (2 days)',
  'Internal auditor training — 6 delegates',
  'SOC 2 readiness assessment',
  'Supplier audit programme',
  'Travel and subsistence',
  'Certificate reissue (name change)',
  'Additional site visit',
  'Remote document review',
  'Transition audit to the 2022 revision',
];
