// Reference tables for the seeded dataset: Indian states, towns, names, carriers and staff.

export interface Town {
  name: string;
  /** First three digits of the town's PIN codes. */
  pin: string;
}

export interface StateInfo {
  name: string;
  /** GST state code (first two characters of a GSTIN). */
  gst: string;
  /** Vehicle registration prefix. */
  rto: string;
  region: Region;
  /** Relative share of dealers. */
  weight: number;
  towns: Town[];
}

export type Region = 'North' | 'South' | 'East' | 'West' | 'Central';

const t = (name: string, pin: string): Town => ({ name, pin });

export const STATES: StateInfo[] = [
  { name: 'Maharashtra', gst: '27', rto: 'MH', region: 'West', weight: 14, towns: [t('Mumbai', '400'), t('Pune', '411'), t('Nagpur', '440'), t('Nashik', '422'), t('Aurangabad', '431'), t('Kolhapur', '416'), t('Solapur', '413'), t('Thane', '400'), t('Amravati', '444'), t('Jalgaon', '425'), t('Latur', '413'), t('Sangli', '416')] },
  { name: 'Gujarat', gst: '24', rto: 'GJ', region: 'West', weight: 9, towns: [t('Ahmedabad', '380'), t('Surat', '395'), t('Vadodara', '390'), t('Rajkot', '360'), t('Bhavnagar', '364'), t('Jamnagar', '361'), t('Anand', '388'), t('Mehsana', '384'), t('Morbi', '363'), t('Vapi', '396')] },
  { name: 'Goa', gst: '30', rto: 'GA', region: 'West', weight: 1, towns: [t('Panaji', '403'), t('Margao', '403'), t('Mapusa', '403')] },
  { name: 'Rajasthan', gst: '08', rto: 'RJ', region: 'North', weight: 6, towns: [t('Jaipur', '302'), t('Jodhpur', '342'), t('Udaipur', '313'), t('Kota', '324'), t('Ajmer', '305'), t('Bikaner', '334'), t('Bhilwara', '311'), t('Alwar', '301')] },
  { name: 'Delhi', gst: '07', rto: 'DL', region: 'North', weight: 6, towns: [t('New Delhi', '110'), t('Karol Bagh', '110'), t('Lajpat Nagar', '110'), t('Rohini', '110'), t('Bhagirath Palace', '110')] },
  { name: 'Haryana', gst: '06', rto: 'HR', region: 'North', weight: 4, towns: [t('Gurugram', '122'), t('Faridabad', '121'), t('Panipat', '132'), t('Ambala', '133'), t('Hisar', '125'), t('Karnal', '132'), t('Rohtak', '124'), t('Sonipat', '131')] },
  { name: 'Punjab', gst: '03', rto: 'PB', region: 'North', weight: 4, towns: [t('Ludhiana', '141'), t('Amritsar', '143'), t('Jalandhar', '144'), t('Patiala', '147'), t('Bathinda', '151'), t('Mohali', '160')] },
  { name: 'Uttar Pradesh', gst: '09', rto: 'UP', region: 'North', weight: 12, towns: [t('Lucknow', '226'), t('Kanpur', '208'), t('Ghaziabad', '201'), t('Noida', '201'), t('Agra', '282'), t('Varanasi', '221'), t('Meerut', '250'), t('Prayagraj', '211'), t('Bareilly', '243'), t('Aligarh', '202'), t('Gorakhpur', '273'), t('Moradabad', '244')] },
  { name: 'Uttarakhand', gst: '05', rto: 'UK', region: 'North', weight: 1, towns: [t('Dehradun', '248'), t('Haridwar', '249'), t('Haldwani', '263'), t('Rudrapur', '263')] },
  { name: 'Himachal Pradesh', gst: '02', rto: 'HP', region: 'North', weight: 1, towns: [t('Shimla', '171'), t('Solan', '173'), t('Mandi', '175'), t('Baddi', '173')] },
  { name: 'Jammu and Kashmir', gst: '01', rto: 'JK', region: 'North', weight: 1, towns: [t('Jammu', '180'), t('Srinagar', '190'), t('Kathua', '184')] },
  { name: 'Madhya Pradesh', gst: '23', rto: 'MP', region: 'Central', weight: 6, towns: [t('Indore', '452'), t('Bhopal', '462'), t('Jabalpur', '482'), t('Gwalior', '474'), t('Ujjain', '456'), t('Sagar', '470'), t('Ratlam', '457'), t('Rewa', '486')] },
  { name: 'Chhattisgarh', gst: '22', rto: 'CG', region: 'Central', weight: 2, towns: [t('Raipur', '492'), t('Bhilai', '490'), t('Bilaspur', '495'), t('Korba', '495'), t('Durg', '491')] },
  { name: 'Karnataka', gst: '29', rto: 'KA', region: 'South', weight: 8, towns: [t('Bengaluru', '560'), t('Mysuru', '570'), t('Hubballi', '580'), t('Mangaluru', '575'), t('Belagavi', '590'), t('Davanagere', '577'), t('Ballari', '583'), t('Shivamogga', '577'), t('Tumakuru', '572')] },
  { name: 'Tamil Nadu', gst: '33', rto: 'TN', region: 'South', weight: 9, towns: [t('Chennai', '600'), t('Coimbatore', '641'), t('Madurai', '625'), t('Tiruchirappalli', '620'), t('Salem', '636'), t('Tiruppur', '641'), t('Erode', '638'), t('Vellore', '632'), t('Tirunelveli', '627'), t('Hosur', '635')] },
  { name: 'Kerala', gst: '32', rto: 'KL', region: 'South', weight: 4, towns: [t('Kochi', '682'), t('Thiruvananthapuram', '695'), t('Kozhikode', '673'), t('Thrissur', '680'), t('Kollam', '691'), t('Kannur', '670'), t('Palakkad', '678')] },
  { name: 'Telangana', gst: '36', rto: 'TS', region: 'South', weight: 5, towns: [t('Hyderabad', '500'), t('Secunderabad', '500'), t('Warangal', '506'), t('Karimnagar', '505'), t('Nizamabad', '503'), t('Khammam', '507')] },
  { name: 'Andhra Pradesh', gst: '37', rto: 'AP', region: 'South', weight: 5, towns: [t('Visakhapatnam', '530'), t('Vijayawada', '520'), t('Guntur', '522'), t('Nellore', '524'), t('Tirupati', '517'), t('Kurnool', '518'), t('Rajahmundry', '533'), t('Kakinada', '533')] },
  { name: 'West Bengal', gst: '19', rto: 'WB', region: 'East', weight: 6, towns: [t('Kolkata', '700'), t('Howrah', '711'), t('Siliguri', '734'), t('Durgapur', '713'), t('Asansol', '713'), t('Kharagpur', '721'), t('Bardhaman', '713')] },
  { name: 'Bihar', gst: '10', rto: 'BR', region: 'East', weight: 4, towns: [t('Patna', '800'), t('Gaya', '823'), t('Muzaffarpur', '842'), t('Bhagalpur', '812'), t('Darbhanga', '846'), t('Purnia', '854')] },
  { name: 'Jharkhand', gst: '20', rto: 'JH', region: 'East', weight: 2, towns: [t('Ranchi', '834'), t('Jamshedpur', '831'), t('Dhanbad', '826'), t('Bokaro', '827'), t('Hazaribagh', '825')] },
  { name: 'Odisha', gst: '21', rto: 'OD', region: 'East', weight: 3, towns: [t('Bhubaneswar', '751'), t('Cuttack', '753'), t('Rourkela', '769'), t('Sambalpur', '768'), t('Berhampur', '760'), t('Balasore', '756')] },
  { name: 'Assam', gst: '18', rto: 'AS', region: 'East', weight: 2, towns: [t('Guwahati', '781'), t('Dibrugarh', '786'), t('Silchar', '788'), t('Jorhat', '785'), t('Tezpur', '784')] },
];

export const DEALER_PREFIXES = [
  'Shree', 'Sri', 'Jai', 'Om Sai', 'New', 'Balaji', 'Ganesh', 'Mahalaxmi', 'Laxmi', 'Royal', 'Star', 'National',
  'Bharat', 'Ambica', 'Krishna', 'Sai', 'Vinayak', 'Murugan', 'Sree Venkateswara', 'Durga', 'Kaveri', 'Hindustan',
  'Patel', 'Agarwal', 'Gupta', 'Jain', 'Bansal', 'Reddy', 'Iyer', 'Modern', 'Supreme', 'Rajdhani', 'Annapurna',
  'Ashirwad', 'Tirupati', 'Kamdhenu', 'Guru Kripa', 'Shiv Shakti', 'Maa Tara', 'Jagdamba', 'Vijay', 'Prakash',
];
export const DEALER_CORES = [
  'Electricals', 'Electric Stores', 'Electric & Hardware', 'Traders', 'Enterprises', 'Agencies', 'Light House',
  'Power Solutions', 'Electro Mart', 'Distributors', 'Marketing', 'Cables & Wires', 'Switchgear Co.', 'Sales Corporation',
  'Lighting Centre', 'Trading Company', 'Electricals & Sanitary', 'Brothers',
];
export const FIRST_NAMES = [
  'Ramesh', 'Suresh', 'Mahesh', 'Rajesh', 'Amit', 'Sunil', 'Anil', 'Vijay', 'Sanjay', 'Manoj', 'Deepak', 'Arun',
  'Prakash', 'Venkatesh', 'Srinivas', 'Karthik', 'Murali', 'Ganesh', 'Harish', 'Naveen', 'Imran', 'Salim', 'Farhan',
  'Gurpreet', 'Harpreet', 'Jaswant', 'Pradeep', 'Ashok', 'Dinesh', 'Rakesh', 'Priya', 'Sunita', 'Kavita', 'Meena',
  'Lakshmi', 'Anjali', 'Rekha', 'Pooja', 'Neha', 'Shweta', 'Subhash', 'Biswajit', 'Debashis', 'Sourav', 'Tapan',
];
export const SURNAMES = [
  'Patel', 'Shah', 'Sharma', 'Verma', 'Gupta', 'Agarwal', 'Jain', 'Singh', 'Yadav', 'Reddy', 'Rao', 'Naidu', 'Iyer',
  'Nair', 'Menon', 'Pillai', 'Kulkarni', 'Deshpande', 'Joshi', 'Patil', 'Pawar', 'Chavan', 'Banerjee', 'Chatterjee',
  'Das', 'Ghosh', 'Mukherjee', 'Sinha', 'Mishra', 'Pandey', 'Tiwari', 'Khan', 'Qureshi', 'Sheikh', 'Gill', 'Sandhu',
  'Bansal', 'Mittal', 'Goyal', 'Chaudhary', 'Thakur', 'Mehta', 'Desai', 'Bhatt', 'Naik', 'Hegde', 'Gowda', 'Murthy',
];
export const MARKETS = [
  'Lamington Road', 'Bhagirath Palace', 'Station Road', 'Main Bazaar', 'Gandhi Chowk', 'MG Road', 'Nehru Market',
  'Sadar Bazaar', 'Ring Road', 'Industrial Estate', 'Electric Market', 'Subhash Road', 'Tilak Road', 'Market Yard',
  'Old City', 'New Market', 'Bus Stand Road', 'Court Road', 'Ganj Bazaar', 'Transport Nagar',
];
export const LANDMARKS = [
  'Near Bus Stand', 'Opp. SBI Bank', 'Near Railway Station', 'Behind Post Office', 'Near Hanuman Mandir',
  'Opp. Petrol Pump', 'Near Clock Tower', 'Beside Municipal Office', 'Near Gurudwara', 'Opp. Civil Hospital',
];

export interface WarehouseInfo {
  id: string;
  code: string;
  name: string;
  region: Region;
  rto: string;
  /** Relative stock depth: the warehouses are deliberately uneven. */
  depth: number;
}

export const WAREHOUSES: WarehouseInfo[] = [
  { id: 'WH-BHW', code: 'BHW', name: 'Bhiwandi Central Warehouse', region: 'West', rto: 'MH04', depth: 1.7 },
  { id: 'WH-MNS', code: 'MNS', name: 'Manesar Distribution Centre', region: 'North', rto: 'HR55', depth: 1.35 },
  { id: 'WH-SPB', code: 'SPB', name: 'Sriperumbudur Warehouse', region: 'South', rto: 'TN21', depth: 1.0 },
  { id: 'WH-HYD', code: 'HYD', name: 'Hyderabad (Shamshabad) Depot', region: 'South', rto: 'TS07', depth: 0.55 },
  { id: 'WH-DNK', code: 'DNK', name: 'Dankuni Warehouse, Kolkata', region: 'East', rto: 'WB11', depth: 0.7 },
  { id: 'WH-NGP', code: 'NGP', name: 'Nagpur Hub', region: 'Central', rto: 'MH40', depth: 0.4 },
];

export interface CarrierInfo {
  name: string;
  trackingPrefix: string;
  trackingDigits: number;
  url: string;
}

export const CARRIERS: CarrierInfo[] = [
  { name: 'VRL Logistics', trackingPrefix: 'VRL', trackingDigits: 10, url: 'https://www.vrlgroup.in/track_consignment.aspx?lrno=' },
  { name: 'Gati', trackingPrefix: '', trackingDigits: 9, url: 'https://www.gati.com/track-by-docket/?docket=' },
  { name: 'TCI Express', trackingPrefix: '', trackingDigits: 9, url: 'https://www.tciexpress.in/trackingdocket.aspx?docket=' },
  { name: 'Safexpress', trackingPrefix: 'SX', trackingDigits: 10, url: 'https://www.safexpress.com/track?waybill=' },
  { name: 'Delhivery', trackingPrefix: '', trackingDigits: 13, url: 'https://www.delhivery.com/track/package/' },
];

export interface StaffInfo {
  id: string;
  name: string;
  role: 'inside_sales' | 'credit_controller' | 'credit_manager' | 'manager' | 'dispatch';
}

export const STAFF: StaffInfo[] = [
  { id: 'stf-101', name: 'Priya Nair', role: 'inside_sales' },
  { id: 'stf-102', name: 'Rohit Kulkarni', role: 'inside_sales' },
  { id: 'stf-103', name: 'Farah Qureshi', role: 'inside_sales' },
  { id: 'stf-104', name: 'Sandeep Gill', role: 'inside_sales' },
  { id: 'stf-201', name: 'Meenakshi Iyer', role: 'credit_controller' },
  { id: 'stf-202', name: 'Arjun Mehta', role: 'credit_controller' },
  { id: 'stf-301', name: 'Kavita Deshpande', role: 'credit_manager' },
  { id: 'stf-401', name: 'Vikram Rao', role: 'manager' },
  { id: 'stf-501', name: 'Dispatch Desk Bhiwandi', role: 'dispatch' },
];

export function staffByRole(role: StaffInfo['role']): StaffInfo[] {
  return STAFF.filter((s) => s.role === role);
}

/** The integration's own identity, used on history it published (dealer statuses, hand-overs). */
export const INTEGRATION_STAFF = { id: 'dealer-desk', name: 'Dealer Desk' } as const;
