// Name lists for the synthetic CRM contacts, written for this project: common given and family
// names of several cultures, most common first (the generator draws them with a Zipf skew, so
// the first entries dominate the way real name frequencies do). Each culture also says which
// country its phone numbers come from.
export const cultures = [
  {
    name: "anglo", weight: 30, country: "US",
    given: ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Edward", "Laura", "Jason", "Helen", "Jeffrey", "Sharon", "Ryan", "Cynthia", "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Shirley", "Eric", "Angela", "Jonathan", "Anna", "Stephen", "Ruth", "Larry", "Brenda", "Justin", "Pamela", "Scott", "Nicole", "Brandon", "Katherine", "Benjamin", "Samantha", "Samuel", "Christine", "Gregory", "Catherine", "Alexander", "Virginia", "Frank", "Debra", "Patrick", "Rachel", "Raymond", "Janet", "Jack", "Emma", "Dennis", "Carolyn", "Jerry", "Maria", "Tyler", "Heather", "Aaron", "Diane", "Ada", "Grace", "Augusta", "Hazel", "Florence", "Imogen", "Rupert", "Alistair", "Fenella", "Tobias"],
    family: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Wood", "James", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Fisher", "Vasquez", "Simmons", "Graham", "Marshall", "Owens", "Harrison", "Gibson", "Wallace", "Ellis", "Lovelace", "Babbage", "Fairweather", "Whitcombe", "Ashdown", "Pemberton", "Thistlewood", "Quarrington", "Blackwood", "Hollingsworth", "Marchbanks"],
  },
  {
    name: "british", weight: 8, country: "GB",
    given: ["Oliver", "Olivia", "George", "Amelia", "Harry", "Isla", "Jack", "Ava", "Charlie", "Mia", "Thomas", "Emily", "Oscar", "Sophia", "William", "Grace", "Alfie", "Lily", "Henry", "Freya", "Archie", "Poppy", "Leo", "Evie", "Joshua", "Ella", "Rhys", "Siobhan", "Callum", "Niamh", "Eilidh", "Hamish", "Gethin", "Carys"],
    family: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "Hughes", "Edwards", "Morgan", "Campbell", "MacDonald", "Stewart", "O'Brien", "Llewellyn", "Pritchard", "Fforde", "Urquhart"],
  },
  {
    name: "hispanic", weight: 15, country: "MX",
    given: ["María", "José", "Juan", "Ana", "Luis", "Carmen", "Carlos", "Rosa", "Jorge", "Guadalupe", "Miguel", "Isabel", "Francisco", "Lucía", "Antonio", "Sofía", "Pedro", "Valentina", "Alejandro", "Camila", "Manuel", "Gabriela", "Javier", "Fernanda", "Diego", "Daniela", "Ricardo", "Paola", "Fernando", "Mariana", "Raúl", "Ximena", "Sergio", "Renata", "Eduardo", "Itzel", "Héctor", "Araceli", "Iñaki", "Begoña"],
    family: ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Ramos", "Ruiz", "Mendoza", "Vargas", "Castillo", "Jiménez", "Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vega", "Castro", "Salazar", "Echeverría", "Zubiaurre", "Arriaga", "Villaseñor"],
  },
  {
    name: "german", weight: 6, country: "DE",
    given: ["Lukas", "Anna", "Maximilian", "Lea", "Jonas", "Hannah", "Felix", "Lena", "Paul", "Marie", "Leon", "Sophie", "Finn", "Emma", "Elias", "Mia", "Jürgen", "Ursula", "Wolfgang", "Brigitte", "Dieter", "Gisela", "Björn", "Jörg", "Sabine", "Uwe"],
    family: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Strauß", "Großmann"],
  },
  {
    name: "french", weight: 5, country: "FR",
    given: ["Jean", "Marie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe", "Sylvie", "Alain", "Catherine", "Nicolas", "Françoise", "Christophe", "Sandrine", "Stéphane", "Céline", "Léa", "Hélène", "Frédéric", "Amélie", "Théo", "Chloé", "Anaïs", "Gaël"],
    family: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "Lefebvre", "Bonnefoy", "Château", "Deschênes"],
  },
  {
    name: "indian", weight: 10, country: "IN",
    given: ["Aarav", "Priya", "Rahul", "Ananya", "Amit", "Pooja", "Vijay", "Neha", "Suresh", "Sunita", "Rajesh", "Kavita", "Sanjay", "Deepika", "Arjun", "Lakshmi", "Vikram", "Meera", "Rohan", "Divya", "Karthik", "Aishwarya", "Harpreet", "Gurpreet", "Venkatesh", "Subramaniam", "Nandini", "Ishaan"],
    family: ["Kumar", "Sharma", "Singh", "Patel", "Gupta", "Reddy", "Rao", "Das", "Iyer", "Nair", "Mehta", "Joshi", "Verma", "Agarwal", "Chopra", "Bhat", "Menon", "Pillai", "Banerjee", "Chatterjee", "Mukherjee", "Srinivasan", "Krishnamurthy", "Venkataraman", "Deshpande", "Kulkarni"],
  },
  {
    name: "chinese", weight: 8, country: "CN",
    given: ["Wei", "Fang", "Lei", "Jing", "Yong", "Li", "Jun", "Min", "Hui", "Yan", "Tao", "Xin", "Ming", "Ying", "Hao", "Lan", "Qiang", "Xiu", "Chen", "Mei", "Zhiwei", "Xiaoling", "Jiahui", "Yuxuan", "Zihan"],
    family: ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Ouyang", "Zhuge"],
  },
  {
    name: "nigerian", weight: 5, country: "NG",
    given: ["Chinedu", "Ngozi", "Oluwaseun", "Folake", "Emeka", "Adaeze", "Babatunde", "Funmilayo", "Ifeanyi", "Chiamaka", "Tunde", "Yetunde", "Obinna", "Amaka", "Segun", "Bukola", "Chukwuemeka", "Oluwadamilare", "Nkechi", "Kelechi"],
    family: ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Ogunleye", "Nwosu", "Adebayo", "Obi", "Olawale", "Chukwu", "Afolabi", "Onyeka", "Oyelaran", "Nnamdi", "Akinwande", "Ogunbanjo", "Uchenna"],
  },
  {
    name: "arabic", weight: 5, country: "AE",
    given: ["Mohammed", "Fatima", "Ahmed", "Aisha", "Ali", "Maryam", "Omar", "Zainab", "Hassan", "Layla", "Youssef", "Noor", "Khalid", "Huda", "Ibrahim", "Salma", "Tariq", "Yasmin", "Abdulrahman", "Reem"],
    family: ["Al-Sayed", "Hassan", "Ali", "Ibrahim", "Mahmoud", "Abdullah", "Khalil", "Haddad", "Nasser", "Saleh", "Farouk", "Al-Amin", "Mansour", "Rahman", "Aziz", "Al-Hashimi", "Qureshi", "Bakr"],
  },
  {
    name: "vietnamese", weight: 3, country: "VN",
    given: ["Anh", "Linh", "Minh", "Trang", "Huy", "Thao", "Duc", "Mai", "Tuan", "Lan", "Khanh", "Hoa", "Quang", "Ngoc"],
    family: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do"],
  },
  {
    name: "japanese", weight: 3, country: "JP",
    given: ["Haruto", "Yui", "Sota", "Hina", "Yuto", "Aoi", "Riku", "Sakura", "Takeshi", "Yoko", "Hiroshi", "Keiko", "Kenji", "Naomi"],
    family: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto"],
  },
  {
    name: "polish", weight: 2, country: "PL",
    given: ["Piotr", "Anna", "Krzysztof", "Katarzyna", "Tomasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Joanna", "Łukasz", "Zofia"],
    family: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Łukasiewicz"],
  },
];

/** Calling code and national number lengths (without trunk prefix) per country. */
export const countries = {
  US: { code: "1", length: 10 },
  GB: { code: "44", length: 10 },
  MX: { code: "52", length: 10 },
  DE: { code: "49", length: 11 },
  FR: { code: "33", length: 9 },
  IN: { code: "91", length: 10 },
  CN: { code: "86", length: 11 },
  NG: { code: "234", length: 10 },
  AE: { code: "971", length: 9 },
  VN: { code: "84", length: 9 },
  JP: { code: "81", length: 10 },
  PL: { code: "48", length: 9 },
};

export const freeMail = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me", "gmx.de", "mail.ru", "qq.com"];
export const companies = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne Systems", "Wonka Foods", "Oceanic Air", "Pied Piper", "Massive Dynamic", "Aperture Labs", "Gringotts Bank", "Monarch Solutions", "Blue Sun", "Nakatomi Trading"];
export const nicknames = { William: "Bill", Robert: "Bob", Elizabeth: "Liz", Richard: "Rick", Katherine: "Kate", Michael: "Mike", Jennifer: "Jen", Christopher: "Chris", Alexander: "Alex", Margaret: "Maggie", Joseph: "Joe", Daniel: "Dan", Thomas: "Tom", Samuel: "Sam", Nicholas: "Nick", Jonathan: "Jon", Francisco: "Paco", José: "Pepe", Alejandro: "Alex", Maximilian: "Max" };

/**
 * The long tail: most people do not carry one of the few hundred most common names (in the US
 * the top 1000 surnames cover well under half of the population), so the generator builds
 * rarer names from each culture's syllables: onset + ending.
 */
export const tails = {
  anglo: { onsets: ["Ash", "Brad", "Craw", "Dun", "Ell", "Fair", "Gar", "Hal", "Kirk", "Lang", "Mor", "Net", "Pem", "Rad", "Stan", "Thorn", "Wal", "Whit", "Yard", "Bram", "Cal", "Dray", "Hart", "Lock", "Marsh", "Oak", "Pres", "Rox", "Sel", "Tal"], endings: ["ford", "ley", "ton", "wood", "well", "by", "field", "more", "ham", "den", "ridge", "worth", "combe", "stead", "wick", "burn", "cott", "dale"], given: ["Ad", "Bri", "Cor", "Del", "Em", "Fin", "Gwen", "Jo", "Kay", "Lor", "Mal", "Nor", "Ros", "Tam", "Wyn"], givenEndings: ["a", "en", "ie", "lyn", "on", "ette", "iel", "ara"] },
  british: { onsets: ["Aber", "Bal", "Carr", "Dal", "Glen", "Inver", "Kil", "Llan", "Pen", "Tre", "Strath", "Ross"], endings: ["crombie", "four", "ick", "ston", "more", "avon", "gowan", "dwr", "rith", "lyn"], given: ["Aed", "Bryn", "Cai", "Dyl", "Eir", "Ffi", "Iol", "Mair", "Rhi", "Tal"], givenEndings: ["an", "wen", "on", "ys", "a", "yn"] },
  hispanic: { onsets: ["Al", "Bel", "Cal", "Es", "Gal", "Ir", "Lar", "Mon", "Ol", "Pas", "Quin", "Sal", "Tej", "Val", "Zam", "Bar", "Cer", "Ech", "Fon", "Mar"], endings: ["ada", "edo", "ero", "iño", "uela", "ares", "illa", "ino", "ote", "anza", "ón", "ueta"], given: ["Ale", "Bea", "Cris", "Dul", "Esp", "Flo", "Ire", "Mar", "Nel", "Ros"], givenEndings: ["na", "ia", "ela", "ina", "o", "ito"] },
  german: { onsets: ["Alt", "Berg", "Eich", "Fried", "Gold", "Hahn", "Kirch", "Lind", "Ober", "Rosen", "Stein", "Wald", "Wein", "Zieg"], endings: ["mann", "berger", "hof", "feld", "bach", "reiter", "huber", "stadt", "ler", "inger"], given: ["Ans", "Ber", "Die", "Fri", "Gun", "Hed", "Kla", "Lud", "Rei", "Wal"], givenEndings: ["helm", "trud", "mar", "wig", "old", "linde"] },
  french: { onsets: ["Beau", "Char", "Del", "Fon", "Gau", "Lam", "Mal", "Mont", "Pel", "Roche", "Ville", "Saint"], endings: ["champ", "bert", "court", "taine", "lieu", "mont", "fort", "nay", "ville", "rac"], given: ["Aur", "Bap", "Cor", "Eti", "Gil", "Ma", "Oli", "Rom", "Sol", "Yv"], givenEndings: ["ane", "elle", "ien", "ette", "on", "ine"] },
  indian: { onsets: ["Anan", "Bala", "Chan", "Dhar", "Gan", "Hari", "Jag", "Kris", "Mah", "Nara", "Pra", "Ram", "Sha", "Venu", "Yash"], endings: ["wal", "kar", "nathan", "murthy", "swamy", "rajan", "deep", "ani", "esh", "pathi"], given: ["Aad", "Bha", "Cha", "Dee", "Ish", "Kal", "Man", "Nir", "Pra", "Sur"], givenEndings: ["ya", "an", "esh", "ika", "it", "ini"] },
  chinese: { onsets: ["Bai", "Cao", "Dong", "Fan", "Jiang", "Kong", "Lu", "Meng", "Qian", "Shen", "Tian", "Wei", "Xiao", "Yu"], endings: ["", "", "", "ming", "hua"], given: ["Bo", "Chun", "Da", "Guo", "Jian", "Kai", "Ling", "Qing", "Rui", "Shu", "Xue", "Zhen"], givenEndings: ["", "yi", "lin", "feng", "hong", "jie"] },
  nigerian: { onsets: ["Ade", "Chi", "Eme", "Ife", "Nwa", "Olu", "Oye", "Uche", "Obi", "Aki"], endings: ["kunle", "gozie", "wale", "dike", "nna", "sola", "bunmi", "ezue", "yemi", "chukwu"], given: ["Ade", "Chi", "Fol", "Ike", "Nne", "Olu", "Tem", "Ugo"], givenEndings: ["ola", "oma", "ade", "nna", "bisi", "chi"] },
  arabic: { onsets: ["Al-Ha", "Al-Ma", "Al-Sa", "Bou", "El-Kha", "Ham", "Jab", "Nab", "Rash", "Shar"], endings: ["di", "ri", "zi", "lil", "mdan", "bari", "ssan", "kim", "far"], given: ["Amj", "Bas", "Far", "Ham", "Jam", "Lu", "Nad", "Rad", "Sam", "Wal"], givenEndings: ["ad", "ir", "ia", "ah", "een", "im"] },
  vietnamese: { onsets: ["Cao", "Dinh", "Duong", "Ha", "Khuc", "Lam", "Luong", "Mac", "Ngo", "Ta", "Trinh", "Truong"], endings: [""], given: ["Bao", "Cuong", "Dung", "Hai", "Hung", "Loan", "Nam", "Phuong", "Son", "Thu", "Vy", "Yen"], givenEndings: [""] },
  japanese: { onsets: ["Aki", "Fuji", "Hashi", "Ishi", "Kawa", "Kuro", "Mori", "Naka", "Oka", "Shima", "Taka", "Yoko"], endings: ["moto", "da", "mura", "no", "yama", "gawa", "shita", "uchi", "zaki", "hara"], given: ["Ai", "Chi", "Emi", "Kaz", "Mas", "Nat", "Ryo", "Shin", "Tak", "Yu"], givenEndings: ["ko", "ki", "uya", "umi", "ji", "na"] },
  polish: { onsets: ["Bor", "Chmiel", "Gra", "Jab", "Kacz", "Mal", "Pior", "Sob", "Wal", "Zaj"], endings: ["owski", "ewicz", "czyk", "iak", "ecki", "ński", "ek", "uk"], given: ["Bo", "Gra", "Jad", "Mie", "Prze", "Sta", "Wie", "Zbi"], givenEndings: ["sław", "żyna", "cek", "mir", "wiga", "niew"] },
};
