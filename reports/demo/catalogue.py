"""Shared demo data: the category tree, segmentation dimensions, regions and companies."""

CATEGORIES = [
    {
        "name": "Healthcare",
        "slug": "healthcare",
        "description": "Providers, payers, medical technology and the services around "
        "patient care.",
        "children": [
            {
                "name": "Healthcare Services",
                "slug": "healthcare-services",
                "description": "Hospitals, clinics, telehealth, second opinions and other care "
                "delivered as a service.",
            },
        ],
    },
    {
        "name": "Energy",
        "slug": "energy",
        "description": "Power generation, storage, grids and the fuels that feed them.",
        "children": [
            {
                "name": "Renewable Energy",
                "slug": "renewable-energy",
                "description": "Solar, wind and the storage that makes them dispatchable.",
            },
        ],
    },
    {
        "name": "Technology",
        "slug": "technology",
        "description": "Semiconductors, electronics, software and communications.",
        "children": [
            {
                "name": "Semiconductors",
                "slug": "semiconductors",
                "description": "Chips, power devices, wafers and the equipment that makes them.",
            },
        ],
    },
    {
        "name": "Automotive",
        "slug": "automotive",
        "description": "Vehicles, components and the infrastructure they run on.",
        "children": [
            {
                "name": "Electric Vehicles",
                "slug": "electric-vehicles",
                "description": "Battery-electric and plug-in hybrid vehicles, charging and "
                "batteries.",
            },
        ],
    },
    {
        "name": "Food & Beverages",
        "slug": "food-beverages",
        "description": "Packaged food, drinks and their ingredients.",
        "children": [
            {
                "name": "Dairy Alternatives",
                "slug": "dairy-alternatives",
                "description": "Plant-based milks, yoghurts, cheeses and creamers.",
            },
        ],
    },
    {
        "name": "Chemicals & Materials",
        "slug": "chemicals-materials",
        "description": "Commodity and specialty chemicals, polymers and advanced materials.",
        "children": [
            {
                "name": "Bioplastics",
                "slug": "bioplastics",
                "description": "Bio-based and biodegradable polymers and the products made "
                "from them.",
            },
        ],
    },
    {
        "name": "Consumer Goods",
        "slug": "consumer-goods",
        "description": "Durables, electronics and everyday products bought by households.",
        "children": [
            {
                "name": "Smart Home",
                "slug": "smart-home",
                "description": "Connected cameras, locks, thermostats, speakers and hubs.",
            },
        ],
    },
]

DIMENSIONS = [
    {"name": "Type", "slug": "type", "position": 1, "is_geographic": False},
    {"name": "Application", "slug": "application", "position": 2, "is_geographic": False},
    {"name": "Region", "slug": "region", "position": 3, "is_geographic": True},
]

REGIONS = [
    {
        "name": "North America",
        "slug": "north-america",
        "description": "The United States and Canada.",
    },
    {"name": "Europe", "slug": "europe", "description": "The EU, the UK, EFTA and Eastern Europe."},
    {
        "name": "Asia-Pacific",
        "slug": "asia-pacific",
        "description": "East, South and South-East Asia and Oceania.",
    },
    {
        "name": "Latin America",
        "slug": "latin-america",
        "description": "Mexico, Central and South America and the Caribbean.",
    },
    {
        "name": "Middle East & Africa",
        "slug": "middle-east-africa",
        "description": "The Gulf states, Türkiye, Israel and Africa.",
    },
]

COMPANIES = {
    "HCA Hospitals": {
        "website": "https://hcahealthcare.com",
        "headquarters": "US",
        "description": "Hospital operator (HCA Healthcare) based in Nashville, Tennessee.",
    },
    "AXA PPP Healthcare": {
        "website": "https://www.axahealth.co.uk",
        "headquarters": "GB",
        "description": "UK health insurer of the AXA group, now trading as AXA Health.",
    },
    "Royal London Group": {
        "website": "https://www.royallondon.com",
        "headquarters": "GB",
        "description": "UK mutual life, pensions and protection insurer.",
    },
    "Helsana Group": {
        "website": "https://www.helsana.ch",
        "headquarters": "CH",
        "description": "Swiss health and accident insurer.",
    },
    "Cleveland Clinic": {
        "website": "https://my.clevelandclinic.org",
        "headquarters": "US",
        "description": "Non-profit academic medical centre in Cleveland, Ohio.",
    },
    "Best Doctors Inc": {
        "website": "https://www.bestdoctors.com",
        "headquarters": "US",
        "description": "Expert medical opinion service, part of Teladoc Health since 2017.",
    },
    "Johns Hopkins Medicine": {
        "website": "https://www.hopkinsmedicine.org",
        "headquarters": "US",
        "description": "Academic health system of Johns Hopkins University, Baltimore.",
    },
    "Penn Medicine": {
        "website": "https://www.pennmedicine.org",
        "headquarters": "US",
        "description": "Academic medical centre of the University of Pennsylvania.",
    },
    "Oncology International Pvt. Ltd.": {
        "website": "",
        "headquarters": "IN",
        "description": "Provider of second opinions in cancer care.",
    },
    "Tesla": {
        "website": "https://www.tesla.com",
        "headquarters": "US",
        "description": "Electric vehicles, Powerwall home batteries and Superchargers.",
    },
    "LG Energy Solution": {
        "website": "https://www.lgensol.com",
        "headquarters": "KR",
        "description": "Lithium-ion cells and battery systems for vehicles and storage.",
    },
    "Enphase Energy": {
        "website": "https://enphase.com",
        "headquarters": "US",
        "description": "Microinverters and home energy systems.",
    },
    "BYD": {
        "website": "https://www.byd.com",
        "headquarters": "CN",
        "description": "Electric vehicles, batteries and energy storage.",
    },
    "sonnen": {
        "website": "https://sonnengroup.com",
        "headquarters": "DE",
        "description": "Home batteries and virtual power plants, part of Shell.",
    },
    "Generac": {
        "website": "https://www.generac.com",
        "headquarters": "US",
        "description": "Generators and PWRcell home battery systems.",
    },
    "SolarEdge Technologies": {
        "website": "https://www.solaredge.com",
        "headquarters": "IL",
        "description": "Inverters, power optimisers and home batteries.",
    },
    "Wolfspeed": {
        "website": "https://www.wolfspeed.com",
        "headquarters": "US",
        "description": "Silicon carbide wafers and power devices.",
    },
    "STMicroelectronics": {
        "website": "https://www.st.com",
        "headquarters": "CH",
        "description": "Semiconductors for automotive, industrial and personal electronics.",
    },
    "Infineon Technologies": {
        "website": "https://www.infineon.com",
        "headquarters": "DE",
        "description": "Power semiconductors, microcontrollers and sensors.",
    },
    "onsemi": {
        "website": "https://www.onsemi.com",
        "headquarters": "US",
        "description": "Power and sensing semiconductors.",
    },
    "ROHM Semiconductor": {
        "website": "https://www.rohm.com",
        "headquarters": "JP",
        "description": "Power devices, including SiCrystal silicon carbide substrates.",
    },
    "Mitsubishi Electric": {
        "website": "https://www.mitsubishielectric.com",
        "headquarters": "JP",
        "description": "Power modules, factory automation and electrical equipment.",
    },
    "Coherent": {
        "website": "https://www.coherent.com",
        "headquarters": "US",
        "description": "Engineered materials, including silicon carbide substrates.",
    },
    "ChargePoint": {
        "website": "https://www.chargepoint.com",
        "headquarters": "US",
        "description": "Networked charging stations and charging software.",
    },
    "ABB E-mobility": {
        "website": "https://e-mobility.abb.com",
        "headquarters": "CH",
        "description": "DC fast chargers and charging infrastructure.",
    },
    "Shell Recharge": {
        "website": "https://shellrecharge.com",
        "headquarters": "GB",
        "description": "Shell's public and fleet charging business.",
    },
    "EVBox": {
        "website": "https://evbox.com",
        "headquarters": "NL",
        "description": "AC and DC charging stations.",
    },
    "Wallbox": {
        "website": "https://wallbox.com",
        "headquarters": "ES",
        "description": "Home and business chargers, including bidirectional units.",
    },
    "bp pulse": {
        "website": "https://www.bppulse.com",
        "headquarters": "GB",
        "description": "bp's electric-vehicle charging network.",
    },
    "Star Charge": {
        "website": "https://www.starcharge.com",
        "headquarters": "CN",
        "description": "Charging equipment maker and charge point operator.",
    },
    "Danone": {
        "website": "https://www.danone.com",
        "headquarters": "FR",
        "description": "Food group; owner of the Alpro and Silk plant-based brands.",
    },
    "Oatly": {
        "website": "https://www.oatly.com",
        "headquarters": "SE",
        "description": "Oat-based drinks and dairy alternatives.",
    },
    "Califia Farms": {
        "website": "https://www.califiafarms.com",
        "headquarters": "US",
        "description": "Almond and oat milks, creamers and cold brew.",
    },
    "Blue Diamond Growers": {
        "website": "https://www.bluediamond.com",
        "headquarters": "US",
        "description": "Almond growers' cooperative; maker of Almond Breeze.",
    },
    "Vitasoy International": {
        "website": "https://www.vitasoy.com",
        "headquarters": "HK",
        "description": "Soy and plant-based drinks.",
    },
    "SunOpta": {
        "website": "https://www.sunopta.com",
        "headquarters": "CA",
        "description": "Private-label and co-manufactured plant-based beverages.",
    },
    "NatureWorks": {
        "website": "https://www.natureworksllc.com",
        "headquarters": "US",
        "description": "Ingeo polylactic acid biopolymers.",
    },
    "TotalEnergies Corbion": {
        "website": "https://www.totalenergies-corbion.com",
        "headquarters": "NL",
        "description": "Luminy PLA resins and lactide.",
    },
    "Futerro": {
        "website": "https://www.futerro.com",
        "headquarters": "BE",
        "description": "Lactide and PLA technology and production.",
    },
    "Anhui BBCA Biochemical": {
        "website": "",
        "headquarters": "CN",
        "description": "Lactic acid and PLA producer in Anhui province.",
    },
    "Sulzer": {
        "website": "https://www.sulzer.com",
        "headquarters": "CH",
        "description": "Process technology, including licensed PLA production lines.",
    },
    "Arlo Technologies": {
        "website": "https://www.arlo.com",
        "headquarters": "US",
        "description": "Wire-free security cameras and subscription services.",
    },
    "Ring": {
        "website": "https://ring.com",
        "headquarters": "US",
        "description": "Video doorbells and cameras, part of Amazon.",
    },
    "Google Nest": {
        "website": "https://store.google.com",
        "headquarters": "US",
        "description": "Google's smart home cameras, doorbells and thermostats.",
    },
    "Wyze Labs": {
        "website": "https://www.wyze.com",
        "headquarters": "US",
        "description": "Low-cost smart home cameras and devices.",
    },
    "Anker Innovations (eufy)": {
        "website": "https://www.eufy.com",
        "headquarters": "CN",
        "description": "eufy security cameras with local storage.",
    },
    "EZVIZ": {
        "website": "https://www.ezviz.com",
        "headquarters": "CN",
        "description": "Consumer camera brand of Hikvision.",
    },
    "Xiaomi": {
        "website": "https://www.mi.com",
        "headquarters": "CN",
        "description": "Phones and a broad range of smart home devices.",
    },
}
