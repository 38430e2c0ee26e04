"""Synthetic name pools for the demo node and the benchmark: one pool, so both draw the
same kind of registry.

Every entry is a common given or family name, never a person: the generator combines them
at random, and a short list of combinations that would name a well-known person is refused.
A group holds the spellings of one name found in Western Balkan registries (the first is
the spelling most common for that region); spellings of one group share a search key."""

from dataclasses import dataclass

type Group = tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """Where a person comes from, as far as names, languages and documents go."""

    languages: tuple[str, ...]
    male: tuple[Group, ...]
    female: tuple[Group, ...]
    family: tuple[Group, ...]
    places: tuple[str, ...]
    # Some registrations are written in Arabic script when the person writes the name down.
    arabic_script: bool = False
    # A second given name in front is common (Mohammad Karim, Md. Rafiq).
    compound_given: tuple[Group, ...] = ()


_MUHAMMAD: Group = ("Muhammad", "Mohammad", "Mohammed", "Mohamad", "Muhamed", "Mohamed", "Mehmed")
_AHMAD: Group = ("Ahmad", "Ahmed", "Ahmet")
_HUSSEIN: Group = ("Hussein", "Husein", "Hussain", "Hossein", "Husain")
_HASSAN: Group = ("Hassan", "Hasan", "Hassen")
_YUSUF: Group = ("Yusuf", "Youssef", "Yousef", "Jusuf", "Yousuf")
_KHALID: Group = ("Khalid", "Khaled", "Halid")
_ALI: Group = ("Ali", "Aly", "Alija")
_OMAR: Group = ("Omar", "Umar", "Omer")
_IBRAHIM: Group = ("Ibrahim", "Ebrahim", "Ibrahem")
_MUSTAFA: Group = ("Mustafa", "Mostafa", "Moustafa")
_ABDULLAH: Group = ("Abdullah", "Abdallah", "Abdulah")
_KARIM: Group = ("Karim", "Kareem", "Kerim")
_RAHIM: Group = ("Rahim", "Raheem")
_SAID: Group = ("Said", "Saeed", "Sayed")
_FATIMA: Group = ("Fatima", "Fatma", "Fatemeh", "Fatimah")
_AISHA: Group = ("Aisha", "Ayesha", "Aicha", "Ajša")
_ZAINAB: Group = ("Zainab", "Zaynab", "Zeinab", "Zejneb")
_MARYAM: Group = ("Maryam", "Mariam", "Merjem")

AFGHAN = Region(
    languages=("ps", "fa", "uz"),
    male=(_MUHAMMAD, _AHMAD, ("Rahmatullah",), _ALI, _HUSSEIN, _ABDULLAH, _RAHIM, _KARIM, ("Javad", "Jawad"),
          ("Hamid", "Hameed"), ("Wahid", "Waheed"), ("Zabihullah",), ("Noorullah", "Nurullah"), _KHALID,
          ("Bilal",), ("Omid",), ("Shafiq", "Shafik"), ("Ezatullah",), ("Jamshid",), ("Sohrab",), ("Farid",),
          ("Sayed", "Said"), ("Nasir", "Naser"), ("Mujtaba",), ("Habib",)),
    female=(_FATIMA, _ZAINAB, _MARYAM, ("Zahra",), ("Shabnam",), ("Parwana",), ("Nargis", "Narges"),
            ("Freshta", "Fereshteh"), ("Laila", "Leila"), ("Mursal",), ("Habiba",), ("Marzia",)),
    family=(("Ahmadi",), ("Ahmadzai",), ("Rahimi",), ("Popal",), ("Karimi",), ("Hosseini", "Husseini", "Hoseini"),
            ("Stanikzai",), ("Wardak",), ("Safi",), ("Noori", "Nouri", "Nuri"), ("Amiri",),
            ("Haidari", "Heydari", "Hajdari"), ("Sultani",), ("Mohammadi", "Muhammadi"), ("Hashimi", "Hashemi"),
            ("Nazari",), ("Sahak",), ("Mangal",), ("Zazai",), ("Barakzai",), ("Jalali",), ("Azizi",),
            ("Habibi",), ("Samadi",), ("Nabizada", "Nabizadeh"), ("Khan",), ("Sadat",), ("Rezaei", "Rezai")),
    places=("Kabul", "Herat", "Jalalabad", "Kandahar", "Kunduz", "Ghazni", "Mazar-i-Sharif", "Khost"),
    arabic_script=True,
    compound_given=(_MUHAMMAD, ("Gul",), ("Abdul",), ("Sayed", "Said")),
)

PAKISTANI = Region(
    languages=("ur", "pa", "ps"),
    male=(_MUHAMMAD, _ALI, _HASSAN, ("Usman", "Osman"), ("Bilal",), ("Zeeshan", "Zishan"), ("Waqas", "Vakas"),
          ("Asif",), ("Kamran",), ("Tariq", "Tarik"), ("Adnan",), ("Faisal", "Fejsal"), ("Shahid",),
          ("Naveed", "Navid"), ("Junaid",), _OMAR, ("Hamza",), ("Arslan",), ("Danish",), ("Sohail", "Suhail")),
    female=(_AISHA, _FATIMA, ("Sana",), ("Hina",), ("Saima",), ("Rabia",), ("Nadia",), ("Iqra",), ("Mehwish",)),
    family=(("Khan",), ("Qureshi", "Kureshi", "Quraishi"), ("Butt",), ("Malik",), ("Chaudhry", "Chaudhary"),
            ("Siddiqui", "Siddiqi"), ("Mirza",), ("Shah",), ("Hussain", "Hussein", "Husain"), ("Akhtar",),
            ("Iqbal",), ("Rana",), ("Javed", "Javaid"), ("Raza",), ("Aslam",), ("Bhatti",), ("Awan",),
            ("Sheikh", "Shaikh"), ("Gill",), ("Ahmed", "Ahmad"), ("Rehman", "Rahman")),
    places=("Peshawar", "Lahore", "Karachi", "Gujrat", "Sialkot", "Mardan", "Rawalpindi", "Mandi Bahauddin"),
    arabic_script=True,
    compound_given=(_MUHAMMAD,),
)

ARAB_MASHRIQ = Region(
    languages=("ar", "ku"),
    male=(_MUHAMMAD, _AHMAD, _ALI, _OMAR, _KHALID, _YUSUF, _IBRAHIM, _MUSTAFA, ("Mahmoud", "Mahmud"), _ABDULLAH,
          _HASSAN, _HUSSEIN, _KARIM, ("Jamal", "Džemal"), _SAID, ("Walid", "Walied"), ("Samir", "Sameer"),
          ("Tarek", "Tariq"), ("Firas",), ("Rami",), ("Ammar", "Amar"), ("Bassam",), ("Hamid",)),
    female=(_FATIMA, _AISHA, _ZAINAB, _MARYAM, ("Layla", "Leila", "Lejla"), ("Nour", "Noor", "Nur"), ("Rana",),
            ("Hiba",), ("Huda", "Houda"), ("Yasmin", "Jasmina"), ("Amal",), ("Rasha",)),
    family=(("Al-Hassan", "Al Hasan"), ("Al-Khatib", "Alkhatib"), ("Haddad",), ("Nasser", "Naser"), ("Saleh",),
            ("Mansour", "Mansur"), ("Darwish", "Derviš"), ("Hamdan",), ("Othman", "Osman"), ("Khalil",),
            ("Najjar", "Najar"), ("Sabbagh",), ("Hamoud",), ("Al-Ahmad",), ("Al-Jubouri", "Aljuburi"),
            ("Al-Obaidi", "Alobaidi"), ("Kurdi",), ("Shami",), ("Halabi",), ("Jaber", "Jabir"), ("Qasim", "Kasim"),
            ("Yassin", "Jasin")),
    places=("Aleppo", "Damascus", "Homs", "Idlib", "Deir ez-Zor", "Baghdad", "Mosul", "Erbil", "Basra", "Gaza",
            "Nablus"),
    arabic_script=True,
)

MAGHREB = Region(
    languages=("ar", "fr", "zgh"),
    male=(_MUHAMMAD, _AHMAD, _YUSUF, _KARIM, ("Rachid", "Rashid"), ("Samir",), ("Nabil",), _KHALID, ("Hamza",),
          ("Amine", "Amin"), ("Mehdi", "Mahdi"), _OMAR, ("Ayoub", "Ajub"), ("Bilal",), ("Walid",), ("Sofiane",),
          ("Yacine", "Yassine"), ("Abdelkader",), ("Mourad", "Murad")),
    female=(_FATIMA, ("Khadija", "Hatidža"), ("Amina", "Emina"), ("Samira",), ("Nadia",), ("Salma",),
            ("Imane", "Iman"), ("Meriem", "Maryam"), ("Houda", "Huda")),
    family=(("Benali", "Ben Ali"), ("Belkacem",), ("Cherif", "Šerif"), ("Tahiri",), ("El Amrani", "Amrani"),
            ("Bennani",), ("Alaoui",), ("Haddad",), ("Mansouri", "Mansuri"), ("Bouzid",), ("Ziani",),
            ("Saidi",), ("Mebarki",), ("Trabelsi",), ("Gharbi",), ("Jaziri",), ("Ben Salem",),
            ("El Idrissi", "Idrisi"), ("Ouali",), ("Hamdi",), ("Abdelaziz",), ("Fathy", "Fathi"), ("Soliman",)),
    places=("Casablanca", "Fes", "Oujda", "Tangier", "Algiers", "Oran", "Annaba", "Tunis", "Sfax", "Tripoli",
            "Benghazi", "Alexandria", "Cairo"),
    arabic_script=True,
)

IRANIAN = Region(
    languages=("fa", "ku", "az"),
    male=(_MUHAMMAD, _ALI, _HUSSEIN, ("Reza",), ("Mehdi", "Mahdi"), ("Amir",), ("Hamid",), ("Javad", "Džavad"),
          _SAID, ("Morteza",), _MUSTAFA, ("Omid",), ("Babak",), ("Farhad",), ("Behnam",), ("Kian",), ("Arash",)),
    female=(_FATIMA, ("Zahra",), _MARYAM, ("Parisa",), ("Shirin", "Širin"), ("Nasrin",), ("Leila", "Lejla"),
            ("Mina",), ("Sara",), ("Narges",), ("Niloufar", "Nilufar")),
    family=(("Hosseini", "Hoseini"), ("Rezaei", "Rezai"), ("Mohammadi",), ("Karimi",), ("Rahimi",),
            ("Jafari", "Džafari"), ("Moradi",), ("Ahmadi",), ("Heydari", "Haidari"), ("Sadeghi", "Sadegi"),
            ("Rostami",), ("Ebrahimi", "Ibrahimi"), ("Ghorbani", "Gorbani"), ("Azizi",), ("Amini",),
            ("Kazemi",), ("Najafi",), ("Hashemi",), ("Sohrabi",)),
    places=("Tehran", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Kermanshah", "Ahvaz"),
    arabic_script=True,
)

BANGLADESHI = Region(
    languages=("bn",),
    male=(_RAHIM, _KARIM, ("Rafiq", "Rafik"), ("Shafiq",), ("Jahangir",), ("Kamal",), ("Sumon",), ("Rashed",),
          ("Arif",), ("Sohel",), ("Mizanur",), ("Habibur",), ("Nazmul",), ("Shahin",)),
    female=(("Fatema", "Fatima"), _AISHA, ("Nasrin",), ("Shirin",), ("Sharmin",), ("Nusrat",), ("Sultana",),
            ("Rokeya",), ("Moriom", "Maryam")),
    family=(("Rahman", "Rahaman"), ("Hossain", "Hossen", "Husain"), ("Islam",), ("Uddin",), ("Chowdhury",),
            ("Ahmed",), ("Akter", "Akhter"), ("Begum",), ("Miah", "Mia"), ("Sarkar",), ("Alam",), ("Haque", "Hoque"),
            ("Sheikh",), ("Mondal",), ("Talukder",), ("Molla", "Mollah")),
    places=("Dhaka", "Sylhet", "Chittagong", "Comilla", "Noakhali", "Madaripur"),
    compound_given=(("Md.", "Mohammad", "Muhammad"), ("Abdul",)),
)

TURKISH = Region(
    languages=("tr", "ku"),
    male=(("Mehmet", "Mehmed", "Muhammed"), ("Ahmet", "Ahmed"), _MUSTAFA, _ALI, ("Hüseyin", "Hüsejin", "Hussein"),
          _HASSAN, ("İbrahim", "Ibrahim"), ("Murat", "Murad"), ("Emre",), ("Yusuf", "Jusuf"), ("Ömer", "Omer"),
          ("Serkan",), ("Volkan",)),
    female=(_FATIMA, ("Ayşe", "Ajša"), ("Zeynep", "Zejnep"), ("Elif",), ("Emine", "Emina"), ("Hatice",),
            ("Merve",)),
    family=(("Yılmaz", "Yilmaz"), ("Kaya",), ("Demir",), ("Şahin", "Sahin"), ("Çelik", "Celik"), ("Yıldız",),
            ("Aydın", "Aydin"), ("Öztürk", "Ozturk"), ("Arslan",), ("Doğan", "Dogan"), ("Kılıç",), ("Aslan",),
            ("Koç", "Koc"), ("Kurt",), ("Özdemir", "Ozdemir")),
    places=("Istanbul", "Gaziantep", "Diyarbakır", "Van", "Şanlıurfa", "Ankara", "Konya"),
)

INDIAN = Region(
    languages=("pa", "hi", "ur"),
    male=(("Gurpreet",), ("Harpreet",), ("Manpreet",), ("Jaswinder",), ("Amandeep",), ("Sandeep",), ("Rajesh",),
          ("Vikram",), ("Rahul",), ("Sunil",)),
    female=(("Harpreet",), ("Manjit",), ("Simran",), ("Pooja", "Puja"), ("Priya",), ("Navneet",)),
    family=(("Singh",), ("Kaur",), ("Sharma",), ("Kumar",), ("Gill",), ("Sandhu",), ("Dhillon",), ("Patel",),
            ("Sidhu",), ("Grewal",)),
    places=("Jalandhar", "Ludhiana", "Amritsar", "Patiala", "Moga", "Delhi"),
)

NEPALI = Region(
    languages=("ne",),
    male=(("Ram",), ("Bikash", "Bikas"), ("Suman",), ("Prakash",), ("Rajendra",), ("Dipak", "Deepak"),
          ("Santosh",), ("Kiran",)),
    female=(("Sita",), ("Gita", "Geeta"), ("Sunita",), ("Anita",), ("Sabina",), ("Puja",)),
    family=(("Gurung",), ("Tamang",), ("Thapa",), ("Shrestha",), ("Rai",), ("Magar",), ("Karki",),
            ("Adhikari",), ("Basnet",)),
    places=("Kathmandu", "Pokhara", "Butwal", "Biratnagar", "Dharan"),
)

HORN = Region(
    languages=("ti", "so", "ar"),
    male=(("Yonas", "Jonas"), ("Dawit", "Davit"), ("Tesfay",), ("Filmon",), ("Robel",), ("Semere",), ("Biniam",),
          ("Abdi",), _AHMAD, ("Abdirahman", "Abdurahman"), _YUSUF),
    female=(("Helen",), ("Senait",), ("Selam",), ("Ruta",), ("Fadumo",), ("Hodan",), ("Sahra", "Zahra"),
            ("Ifrah",)),
    family=(("Tesfaye",), ("Haile",), ("Gebremedhin",), ("Kidane",), ("Tekle",), ("Berhane",), ("Ghebre",),
            ("Weldu",), ("Mehari",), ("Abdi",), ("Warsame",), ("Mohamud",), ("Jama",), ("Osman",), ("Aden",),
            ("Ismail",), ("Nur", "Noor")),
    places=("Asmara", "Keren", "Massawa", "Mogadishu", "Hargeisa", "Kismayo", "Baidoa"),
)

CUBAN = Region(
    languages=("es",),
    male=(("Yoandri", "Joandri"), ("Yosvany", "Josvani"), ("Yunior", "Junior"), ("Alejandro",), ("Luis",),
          ("Carlos",), ("Yordanis", "Jordanis"), ("Osmany",), ("Reinier",)),
    female=(("Yanet", "Janet"), ("Yaimara",), ("Dayana", "Dajana"), ("Yudelkis",), ("Maria", "María")),
    family=(("Pérez", "Perez"), ("Rodríguez", "Rodriguez"), ("González", "Gonzalez"), ("Hernández",),
            ("García",), ("Díaz", "Diaz"), ("Martínez",), ("Fernández",), ("Cabrera",), ("Leyva", "Lejva")),
    places=("Havana", "Santiago de Cuba", "Camagüey", "Holguín", "Santa Clara"),
)

BURUNDIAN = Region(
    languages=("rn", "fr", "sw"),
    male=(("Jean",), ("Eric",), ("Claude",), ("Emmanuel",), ("Innocent",), ("Déo", "Deo"), ("Fabrice",),
          ("Olivier",)),
    female=(("Aline",), ("Claudine",), ("Divine",), ("Ange",), ("Nadine",)),
    family=(("Hakizimana",), ("Niyonkuru",), ("Irakoze",), ("Nshimirimana",), ("Ndikumana",), ("Bizimana",),
            ("Niyonzima",), ("Manirakiza",), ("Havyarimana",), ("Ciza",)),
    places=("Bujumbura", "Gitega", "Ngozi", "Muyinga", "Rumonge"),
)

# Nationality → region, with weights roughly like the arrivals the region's registries see.
NATIONALITIES: tuple[tuple[str, Region, int], ...] = (
    ("AF", AFGHAN, 24), ("PK", PAKISTANI, 18), ("SY", ARAB_MASHRIQ, 8), ("IQ", ARAB_MASHRIQ, 6),
    ("IR", IRANIAN, 6), ("BD", BANGLADESHI, 7), ("MA", MAGHREB, 6), ("DZ", MAGHREB, 4), ("TR", TURKISH, 4),
    ("IN", INDIAN, 3), ("NP", NEPALI, 3), ("LY", MAGHREB, 2), ("TN", MAGHREB, 2), ("EG", MAGHREB, 2),
    ("PS", ARAB_MASHRIQ, 2), ("ER", HORN, 1), ("SO", HORN, 1), ("CU", CUBAN, 1), ("BI", BURUNDIAN, 1),
)

# Local names: registries hold them as aliases, and for children of mixed families.
LOCAL_MALE: tuple[Group, ...] = (
    ("Dženan", "Dzenan"), ("Đorđe", "Djordje", "Dorde"), ("Emir",), ("Adnan",), ("Haris",), ("Amar",),
    ("Nikola",), ("Marko",), ("Stefan",), ("Miloš", "Milos"), ("Jovan",), ("Edin",), ("Mirza",), ("Tarik",),
)
LOCAL_FEMALE: tuple[Group, ...] = (
    ("Ljubica",), ("Jelena",), ("Milica",), ("Ajla",), ("Lejla",), ("Selma",), ("Amra",), ("Đurđa", "Djurdja"),
    ("Emina",), ("Ana",),
)
LOCAL_FAMILY: tuple[Group, ...] = (
    ("Hodžić", "Hodzic"), ("Begović", "Begovic"), ("Kovačević", "Kovacevic"), ("Đurić", "Djuric"),
    ("Jovanović", "Jovanovic"), ("Petrović", "Petrovic"), ("Hadžić", "Hadzic"), ("Mehmedović",), ("Husić",),
    ("Delić",), ("Šehić", "Sehic"), ("Ljubić",), ("Nikolić",), ("Babić",), ("Omerović",), ("Mujić",),
)

# Arabic-script forms, keyed by a group's first spelling. Only forms whose search key equals
# the Latin one are listed, so the demo shows an Arabic record found by a Latin query.
ARABIC: dict[str, str] = {
    "Muhammad": "محمد", "Hussein": "حسين", "Yusuf": "يوسف", "Khalid": "خالد", "Ibrahim": "إبراهيم", "Karim": "كريم",
    "Rahim": "رحيم", "Jamal": "جمال", "Maryam": "مريم", "Zahra": "زهرا", "Zainab": "زينب", "Hamid": "حامد",
    "Tarek": "طارق", "Tariq": "طارق", "Walid": "وليد", "Samir": "سمير", "Bilal": "بلال",
    "Hosseini": "حسيني", "Rahimi": "رحيمي", "Karimi": "كريمي", "Qureshi": "قريشي", "Khan": "خان",
    "Hashimi": "هاشمي", "Hashemi": "هاشمي", "Mohammadi": "محمدی", "Safi": "صافي", "Nasser": "ناصر", "Saleh": "صالح",
    "Haddad": "حداد", "Khalil": "خليل", "Haidari": "حيدري", "Heydari": "حيدري", "Sultani": "سلطاني",
    "Stanikzai": "ستانکزی", "Wardak": "وردک", "Rehman": "رحمن", "Malik": "ملک",
}

# Combinations that would name a well-known person; the generator draws again.
REFUSED_COMBINATIONS = frozenset({
    ("imran", "khan"), ("mohamed", "farah"), ("hossein", "mousavi"), ("ali", "khan"), ("muhammad", "ali"),
    ("mohammed", "ali"), ("mohamed", "ali"), ("faisal", "qureshi"), ("rahul", "sharma"),
})
