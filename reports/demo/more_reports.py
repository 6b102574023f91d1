"""The demo reports beyond the seed, one per industry.

Figures are whole-market sizes for every year from ``historic_start_year`` to
``forecast_end_year`` (historic up to the base year, forecast after it). Every CAGR the prose
states is the one those figures give over the forecast period, to one decimal. Countries are
ISO 3166 codes under their region; shares of one group add up to 100.
"""

SOLAR_BATTERY = {
    "code": 1548213,
    "slug": "residential-solar-battery-storage",
    "title": "Residential Solar Battery Storage Market",
    "headline": "Residential Solar Battery Storage Market Size, Share and Forecast to 2031: "
    "Lithium Iron Phosphate Takes Over the Garage Wall",
    "summary": "Home batteries paired with rooftop solar, by chemistry, by new-build or "
    "retrofit installation and by region, with installed-base economics, net-metering "
    "reforms and the outlook for virtual power plants to 2031.",
    "category": "renewable-energy",
    "featured": True,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 142,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>Households installed home batteries alongside rooftop solar at a record pace "
                "in 2023, and the market reached USD 9.81 billion. A battery lets a home keep "
                "the midday surplus of its panels for the evening peak, ride through outages "
                "and, increasingly, sell flexibility back to the grid.</p>"
                "<p>The market is forecast to grow from USD 11.40 billion in 2024 to "
                "USD 32.61 billion by 2031, a CAGR of 16.2% over the forecast period. Growth "
                "slows from the exceptional rates of 2021–2023 as early-adopter markets mature, "
                "but falling cell prices keep widening the pool of households for which a "
                "battery pays back within its warranty.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>The strongest driver is the end of generous net metering. California's "
                "move to net billing in 2023 cut the value of exported solar power by roughly "
                "three quarters, so that storing it became the better deal; several European "
                "markets are phasing out feed-in tariffs in the same direction.</p>"
                "<p>Grid outages are the second driver: after wildfires, hurricanes and winter "
                "storms, backup power is a reason to buy on its own. Installation costs, "
                "permitting delays and installer shortages remain the main restraints, together "
                "with high interest rates that lengthen the payback of financed systems.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>Lithium iron phosphate (LFP) has become the default chemistry for new home "
                "batteries: it is cheaper, tolerates heat better and carries less fire risk than "
                "nickel manganese cobalt (NMC) cells, which keep a shrinking share in compact "
                "wall units. Lead-acid and flow batteries serve off-grid and niche uses.</p>"
                "<p>Retrofits, batteries added to existing solar systems, outnumber batteries "
                "sold with new solar installations in mature markets, because millions of homes "
                "installed panels under net-metering schemes that are now ending.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>Europe is the largest region, led by Germany and Italy, where attach rates of "
                "batteries to new residential solar exceed 70%. North America follows, driven by "
                "California, Texas and Puerto Rico. In Asia-Pacific, Australia and Japan lead; "
                "Australia's federal Cheaper Home Batteries programme adds a further push from "
                "2025.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>Tesla's Powerwall is the best-known product, but the market is fragmented: "
                "inverter makers such as Enphase and SolarEdge sell batteries integrated with "
                "their own power electronics, and cell makers such as LG Energy Solution and BYD "
                "supply complete systems through installers. Competition is shifting from "
                "hardware price to software: who can aggregate thousands of home batteries into "
                "a virtual power plant and share the grid revenue with the homeowner.</p>"
            ),
        },
        {
            "kind": "opportunities",
            "heading": "Opportunities",
            "body": (
                "<p>Virtual power plant programmes, bidirectional charging from electric "
                "vehicles and time-of-use tariffs open new revenue for batteries already on the "
                "wall. Suppliers that offer installers simple commissioning and homeowners a "
                "single app across panels, battery, heat pump and car charger are best placed "
                "for the forecast period.</p>"
            ),
        },
    ],
    "figures": [
        (2019, "4.10"),
        (2020, "4.76"),
        (2021, "5.90"),
        (2022, "7.49"),
        (2023, "9.81"),
        (2024, "11.40"),
        (2025, "13.25"),
        (2026, "15.39"),
        (2027, "17.89"),
        (2028, "20.79"),
        (2029, "24.15"),
        (2030, "28.07"),
        (2031, "32.61"),
    ],
    "players": [
        {
            "name": "Tesla",
            "share": "18",
            "blurb": "Powerwall 3 integrates a solar inverter with a 13.5 kWh LFP battery; Tesla "
            "runs the largest residential virtual power plant in California.",
        },
        {
            "name": "LG Energy Solution",
            "share": "11",
            "blurb": "Moved its RESU home batteries to LFP cells and supplies them through "
            "installers in Europe, North America and Australia.",
        },
        {
            "name": "Enphase Energy",
            "share": "9",
            "blurb": "Sells the IQ Battery as part of a microinverter-based home energy system.",
        },
        {"name": "BYD", "share": "8"},
        {
            "name": "sonnen",
            "share": "5",
            "blurb": "Pioneered the home-battery community in Germany and operates virtual power "
            "plants in Germany, Italy and the United States.",
        },
        {"name": "Generac"},
        {"name": "SolarEdge Technologies"},
    ],
    "segments": {
        "type": [
            {"name": "Lithium Iron Phosphate", "share": "64"},
            {"name": "Nickel Manganese Cobalt", "share": "29"},
            {"name": "Lead-Acid and Flow Batteries", "share": "7"},
        ],
        "application": [
            {"name": "Retrofit to Existing Solar", "share": "58"},
            {"name": "New Solar-plus-Storage Installations", "share": "42"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["DE", "IT", "GB", "NL", "ES", "AT", "CH"],
        "Asia-Pacific": ["AU", "JP", "CN"],
        "Latin America": ["MX", "BR", "CL"],
        "Middle East & Africa": ["ZA", "IL"],
    },
    "region_shares": [
        ("Europe", "41"),
        ("North America", "31"),
        ("Asia-Pacific", "21"),
        ("Latin America", "4"),
        ("Middle East & Africa", "3"),
    ],
    "country_shares": {"North America": {"US": "91", "CA": "9"}},
    "toc": [
        (1, "Executive summary"),
        (1, "Market definition and research methodology"),
        (1, "Market overview, 2019–2031"),
        (2, "Net-metering reform and time-of-use tariffs"),
        (2, "Backup power and grid resilience"),
        (1, "Market by battery chemistry"),
        (1, "Market by installation: retrofit and new solar-plus-storage"),
        (1, "Market by region"),
        (2, "Europe: Germany, Italy and the United Kingdom"),
        (2, "North America: California, Texas and Puerto Rico"),
        (2, "Asia-Pacific: Australia and Japan"),
        (1, "Competitive landscape and company profiles"),
        (1, "Virtual power plants and vehicle-to-home charging"),
    ],
    "faqs": [
        (
            "How large is the residential solar battery storage market?",
            "<p>USD 9.81 billion in 2023. It is forecast to reach USD 32.61 billion by 2031.</p>",
        ),
        (
            "How fast will it grow?",
            "<p>At a CAGR of 16.2% from 2024 to 2031.</p>",
        ),
        (
            "Which battery chemistry leads?",
            "<p>Lithium iron phosphate, with 64% of the market in 2023.</p>",
        ),
        (
            "Which region is the largest?",
            "<p>Europe, with 41% of the market, ahead of North America with 31%.</p>",
        ),
    ],
    "licences": None,
}

SILICON_CARBIDE = {
    "code": 1550377,
    "slug": "silicon-carbide-power-devices",
    "title": "Silicon Carbide Power Devices Market",
    "headline": "Silicon Carbide Power Devices Market to Reach USD 15.14 Billion by 2031 as "
    "800-Volt Electric Vehicles Go Mainstream",
    "summary": "SiC MOSFETs, diodes and power modules by application (EV traction "
    "inverters, on-board chargers, solar inverters, industrial drives) and region, with "
    "wafer supply, the move to 200 mm and the competitive landscape to 2031.",
    "category": "semiconductors",
    "featured": True,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 164,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>Silicon carbide (SiC) switches power with lower losses than silicon at high "
                "voltages and temperatures. That makes it the material of choice for the "
                "traction inverters of electric vehicles, where a few per cent of efficiency "
                "become kilometres of range, and increasingly for fast chargers, solar "
                "inverters and industrial drives.</p>"
                "<p>Device sales reached USD 2.74 billion in 2023. The market is forecast to grow "
                "from USD 3.40 billion in 2024 to USD 15.14 billion by 2031, a CAGR of 23.8%, "
                "as 800-volt vehicle platforms spread from premium to mid-range models.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>Electric vehicles account for about two thirds of demand. Carmakers moving to "
                "800-volt architectures for faster charging need SiC MOSFETs in the main "
                "inverter, and long-term supply agreements signed in 2022–2023 lock in volumes "
                "for several years.</p>"
                "<p>Substrate supply is the main constraint. SiC crystals grow slowly and "
                "defect densities limit yields; the transition from 150 mm to 200 mm wafers "
                "lowers cost per die but ramps more slowly than first announced. A slowdown in "
                "EV sales in Europe and the United States in 2024 led to inventory corrections "
                "and price pressure on devices.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>Power modules, which combine several SiC dies with a gate driver and "
                "cooling in one package, hold the largest share because traction inverters use "
                "them. Discrete MOSFETs dominate on-board chargers, DC-DC converters and solar "
                "inverters, while Schottky diodes are the mature, price-competitive end of the "
                "market.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>Asia-Pacific buys more than half of all devices because China builds more "
                "than half of the world's electric vehicles and most of its solar inverters. "
                "Chinese substrate makers are expanding quickly and pushing down wafer prices. "
                "Europe, home to Infineon and STMicroelectronics and to German carmakers, is "
                "the second region; North America follows with Wolfspeed's and onsemi's "
                "vertically integrated production.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>Five suppliers hold about four fifths of the market. Vertical "
                "integration, from crystal growth through substrates to packaged modules, is "
                "the main strategic theme: it secures supply and captures the substrate margin. "
                "STMicroelectronics leads on the strength of its early Tesla design win; "
                "Infineon and onsemi have gained share with European and American carmakers.</p>"
            ),
        },
    ],
    "figures": [
        (2019, "0.61"),
        (2020, "0.74"),
        (2021, "1.09"),
        (2022, "1.69"),
        (2023, "2.74"),
        (2024, "3.40"),
        (2025, "4.20"),
        (2026, "5.20"),
        (2027, "6.44"),
        (2028, "7.98"),
        (2029, "9.88"),
        (2030, "12.23"),
        (2031, "15.14"),
    ],
    "players": [
        {
            "name": "STMicroelectronics",
            "share": "31",
            "blurb": "The largest SiC device supplier, building an integrated 200 mm substrate "
            "and device campus in Catania, Italy.",
        },
        {
            "name": "Infineon Technologies",
            "share": "17",
            "blurb": "Expanding its Kulim, Malaysia fab into a large 200 mm SiC power fab.",
        },
        {"name": "onsemi", "share": "14"},
        {
            "name": "Wolfspeed",
            "share": "11",
            "blurb": "The leading SiC substrate maker, with a 200 mm device fab in the Mohawk "
            "Valley, New York.",
        },
        {"name": "ROHM Semiconductor", "share": "8"},
        {"name": "Mitsubishi Electric"},
        {"name": "Coherent"},
    ],
    "segments": {
        "type": [
            {"name": "SiC Power Modules", "share": "52"},
            {"name": "SiC MOSFETs (Discrete)", "share": "33"},
            {"name": "SiC Schottky Diodes", "share": "15"},
        ],
        "application": [
            {"name": "EV Traction Inverters", "share": "56"},
            {"name": "On-Board Chargers and DC-DC Converters", "share": "12"},
            {"name": "EV Charging Stations", "share": "9"},
            {"name": "Solar and Storage Inverters", "share": "11"},
            {"name": "Industrial Motor Drives", "share": "8"},
            {"name": "Other Applications", "share": "4"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["DE", "FR", "IT", "GB", "SE"],
        "Asia-Pacific": ["CN", "JP", "KR", "TW", "IN", "MY"],
        "Latin America": ["MX", "BR"],
        "Middle East & Africa": ["IL", "TR"],
    },
    "region_shares": [
        ("Asia-Pacific", "54"),
        ("Europe", "23"),
        ("North America", "19"),
        ("Latin America", "2"),
        ("Middle East & Africa", "2"),
    ],
    "toc": [
        (1, "Executive summary"),
        (1, "Scope, definitions and methodology"),
        (1, "Silicon carbide technology primer"),
        (2, "Substrates: 150 mm to 200 mm"),
        (2, "MOSFETs, diodes and modules"),
        (1, "Market size and forecast, 2019–2031"),
        (1, "Market by device type"),
        (1, "Market by application"),
        (2, "Electric vehicles: traction inverters and on-board chargers"),
        (2, "Energy: solar, storage and charging"),
        (1, "Market by region"),
        (1, "Supply chain and capacity expansions"),
        (1, "Company profiles"),
    ],
    "faqs": [
        (
            "What is the size of the silicon carbide power devices market?",
            "<p>USD 2.74 billion in 2023, forecast to reach USD 15.14 billion by 2031.</p>",
        ),
        (
            "What is the forecast CAGR?",
            "<p>23.8% a year over 2024–2031, the report's forecast period.</p>",
        ),
        (
            "Which application uses the most SiC?",
            "<p>Electric-vehicle traction inverters, with 56% of the market in 2023.</p>",
        ),
        (
            "Who are the leading suppliers?",
            "<p>STMicroelectronics, Infineon Technologies, onsemi, Wolfspeed and ROHM "
            "Semiconductor hold about 81% of the market between them.</p>",
        ),
    ],
    "licences": None,
}

EV_CHARGING = {
    "code": 1552904,
    "slug": "electric-vehicle-charging-infrastructure",
    "title": "Electric Vehicle Charging Infrastructure Market",
    "headline": "Electric Vehicle Charging Infrastructure Market: Hardware, Installation and "
    "Charging Services by Charger Type, Site and Region, 2024–2031",
    "summary": "AC and DC chargers, installation and charging services for homes, "
    "workplaces, public sites and fleets, by region, with utilisation economics, grid "
    "connection and the outlook to 2031.",
    "category": "electric-vehicles",
    "featured": False,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 176,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>The market covers charger hardware, installation and grid connection, and "
                "the revenue of charge point operators. It was worth USD 25.60 billion in 2023 "
                "and is forecast to grow from USD 31.15 billion in 2024 to USD 123.17 billion "
                "by 2031, a CAGR of 21.7%.</p>"
                "<p>More than four in five charging sessions still take place at home or at "
                "work, but the money is shifting to public fast charging: a DC site costs far "
                "more to build and earns far more per session.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>Public funding underwrites the build-out: the EU's Alternative Fuels "
                "Infrastructure Regulation requires fast chargers every 60 km on the core "
                "network by 2025, and the United States' NEVI programme funds corridor "
                "charging. Adoption of the North American Charging Standard by most carmakers "
                "settled a long connector dispute.</p>"
                "<p>Grid connection is the slowest step: a 1 MW site can wait years for a "
                "substation upgrade. Low utilisation in the first years and unreliable "
                "chargers weigh on operators' returns.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>AC chargers up to 22 kW make up most units installed, at homes and "
                "workplaces; DC fast chargers of 50–150 kW and ultra-fast chargers above 150 kW "
                "make up most of the value. Fleet depots for buses, vans and trucks are the "
                "fastest-growing site type, with megawatt charging for heavy trucks starting "
                "to be deployed.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>China has the densest public network in the world and makes most of its "
                "chargers at home, which keeps prices low. Europe is the second region, with "
                "the Netherlands, Germany, France and Norway furthest ahead. North America is "
                "growing fastest from a smaller base.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>Hardware makers, oil majors, utilities and carmakers all compete. Oil "
                "majors such as Shell and bp are converting forecourts and buying operators; "
                "Tesla has opened its Supercharger network to other brands. Consolidation "
                "among smaller operators is likely as subsidies taper.</p>"
            ),
        },
    ],
    "figures": [
        (2019, "8.90"),
        (2020, "10.50"),
        (2021, "14.07"),
        (2022, "19.84"),
        (2023, "25.60"),
        (2024, "31.15"),
        (2025, "37.91"),
        (2026, "46.14"),
        (2027, "56.15"),
        (2028, "68.33"),
        (2029, "83.16"),
        (2030, "101.21"),
        (2031, "123.17"),
    ],
    "players": [
        {
            "name": "ChargePoint",
            "share": "9",
            "blurb": "Sells networked chargers with a software subscription to site hosts in "
            "North America and Europe.",
        },
        {"name": "ABB E-mobility", "share": "6"},
        {
            "name": "Tesla",
            "share": "11",
            "blurb": "Operates the largest fast-charging network, now open to other brands.",
        },
        {"name": "Shell Recharge"},
        {"name": "bp pulse"},
        {"name": "EVBox"},
        {"name": "Wallbox"},
        {"name": "Star Charge", "share": "8"},
    ],
    "segments": {
        "type": [
            {"name": "AC Chargers (up to 22 kW)", "share": "38"},
            {"name": "DC Fast Chargers (50–150 kW)", "share": "41"},
            {"name": "Ultra-Fast Chargers (above 150 kW)", "share": "21"},
        ],
        "application": [
            {"name": "Residential", "share": "34"},
            {"name": "Workplace and Commercial", "share": "21"},
            {"name": "Public On-Street and Highway", "share": "33"},
            {"name": "Fleet Depots", "share": "12"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["DE", "FR", "NL", "NO", "GB", "IT", "ES", "SE"],
        "Asia-Pacific": ["CN", "JP", "KR", "IN", "AU"],
        "Latin America": ["BR", "MX", "CL"],
        "Middle East & Africa": ["AE", "SA", "IL", "ZA"],
    },
    "region_shares": [
        ("Asia-Pacific", "47"),
        ("Europe", "28"),
        ("North America", "19"),
        ("Latin America", "3"),
        ("Middle East & Africa", "3"),
    ],
    "country_shares": {"Asia-Pacific": {"CN": "82", "JP": "4", "KR": "6", "IN": "5", "AU": "3"}},
    "toc": [
        (1, "Executive summary"),
        (1, "Scope and methodology"),
        (1, "Charging technology and standards"),
        (2, "Connectors: CCS, NACS, CHAdeMO and GB/T"),
        (2, "Megawatt charging for heavy trucks"),
        (1, "Market size and forecast, 2019–2031"),
        (1, "Market by charger type"),
        (1, "Market by site"),
        (1, "Market by region"),
        (1, "Policy and funding programmes"),
        (1, "Operator economics: utilisation, pricing and uptime"),
        (1, "Company profiles"),
    ],
    "faqs": [
        (
            "How big is the EV charging infrastructure market?",
            "<p>USD 25.60 billion in 2023; USD 123.17 billion by 2031 on our forecast.</p>",
        ),
        (
            "What growth rate does the report forecast?",
            "<p>A CAGR of 21.7% over 2024–2031.</p>",
        ),
        (
            "Which charger type earns the most?",
            "<p>DC fast chargers of 50–150 kW, with 41% of the market in 2023.</p>",
        ),
        (
            "Where is most charging infrastructure installed?",
            "<p>In Asia-Pacific, 47% of the market, and within it China with 82% of the "
            "region.</p>",
        ),
    ],
    "licences": None,
}

PLANT_MILK = {
    "code": 1553618,
    "slug": "plant-based-milk",
    "title": "Plant-Based Milk Market",
    "headline": "Plant-Based Milk Market Size and Share Analysis: Oat Overtakes Almond as "
    "Sales Grow to USD 40.25 Billion by 2031",
    "summary": "Soy, almond, oat, coconut and other plant-based milks by sales channel and "
    "region, with pricing against dairy, brand and private-label shares and the forecast to "
    "2031.",
    "category": "dairy-alternatives",
    "featured": False,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 128,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>Retail and food-service sales of plant-based milks reached USD 20.05 "
                "billion in 2023. After the rapid growth of 2019–2021, the market has settled "
                "into steadier expansion and is forecast to grow from USD 21.88 billion in 2024 "
                "to USD 40.25 billion by 2031, a CAGR of 9.1%.</p>"
                "<p>Plant-based drinks now account for roughly one litre in seven of milk sold "
                "in several Western European countries, and for a far larger share in East "
                "Asia, where soy drinks have a long tradition.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>Lactose intolerance, flexitarian diets and the lower climate footprint of "
                "oat and soy compared with cow's milk drive demand. Barista editions made "
                "plant milks the default alternative in coffee shops.</p>"
                "<p>The price premium over dairy, which widened during 2022 inflation, is the "
                "main restraint, together with consumer scepticism about additives and the "
                "nutritional gap in protein for almond and oat drinks.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>Oat milk overtook almond in value in 2023 thanks to its performance in "
                "coffee; soy remains the largest source in Asia. Supermarkets and hypermarkets "
                "sell most volume, while food service and online channels grow faster.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>Asia-Pacific is the largest region, with China's soy drinks and fast-growing "
                "oat sales. Europe follows, led by Germany and the United Kingdom, where "
                "retailers' private labels are strong. North America is the most mature "
                "market for almond milk.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>Danone, through Alpro and Silk, is the largest branded supplier. Oatly built "
                "the oat category; Blue Diamond's Almond Breeze and Califia Farms lead in "
                "almond. Private label and co-manufacturers such as SunOpta take a growing share "
                "as retailers extend their own ranges.</p>"
            ),
        },
    ],
    "figures": [
        (2019, "14.20"),
        (2020, "15.92"),
        (2021, "17.35"),
        (2022, "18.70"),
        (2023, "20.05"),
        (2024, "21.88"),
        (2025, "23.87"),
        (2026, "26.04"),
        (2027, "28.41"),
        (2028, "30.99"),
        (2029, "33.81"),
        (2030, "36.89"),
        (2031, "40.25"),
    ],
    "players": [
        {
            "name": "Danone",
            "share": "14",
            "blurb": "Market leader through Alpro in Europe and Silk in North America.",
        },
        {
            "name": "Oatly",
            "share": "6",
            "blurb": "The Swedish company that made oat drinks mainstream, now selling in more "
            "than 20 countries.",
        },
        {"name": "Vitasoy International", "share": "5"},
        {"name": "Blue Diamond Growers", "share": "4"},
        {"name": "Califia Farms"},
        {"name": "SunOpta"},
    ],
    "segments": {
        "type": [
            {"name": "Soy Milk", "share": "31"},
            {"name": "Oat Milk", "share": "27"},
            {"name": "Almond Milk", "share": "24"},
            {"name": "Coconut Milk", "share": "9"},
            {"name": "Other Plant Milks", "share": "9"},
        ],
        "application": [
            {"name": "Supermarkets and Hypermarkets", "share": "52"},
            {"name": "Convenience Stores", "share": "14"},
            {"name": "Online Retail", "share": "12"},
            {"name": "Food Service", "share": "22"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["DE", "GB", "FR", "SE", "NL", "IT"],
        "Asia-Pacific": ["CN", "JP", "KR", "AU", "TH"],
        "Latin America": ["BR", "MX"],
        "Middle East & Africa": ["AE", "ZA"],
    },
    "region_shares": [
        ("Asia-Pacific", "39"),
        ("Europe", "28"),
        ("North America", "25"),
        ("Latin America", "5"),
        ("Middle East & Africa", "3"),
    ],
    "toc": [
        (1, "Executive summary"),
        (1, "Scope and methodology"),
        (1, "Market overview, 2019–2031"),
        (2, "Consumers: lactose intolerance, flexitarians and vegans"),
        (2, "Price gap to dairy milk"),
        (1, "Market by source"),
        (1, "Market by sales channel"),
        (1, "Market by region"),
        (1, "Brands and private label"),
        (1, "Company profiles"),
        (1, "Outlook and recommendations"),
    ],
    "faqs": [
        (
            "How big is the plant-based milk market?",
            "<p>USD 20.05 billion in 2023, growing to USD 40.25 billion by 2031.</p>",
        ),
        (
            "Which plant milk sells most?",
            "<p>Soy milk, with 31% of the market, ahead of oat at 27% and almond at 24%.</p>",
        ),
        (
            "What CAGR does the report forecast?",
            "<p>A CAGR of 9.1% over the forecast period 2024–2031.</p>",
        ),
        (
            "Who are the main suppliers?",
            "<p>Danone (Alpro, Silk), Oatly, Vitasoy, Blue Diamond Growers, Califia Farms and "
            "SunOpta.</p>",
        ),
    ],
    "licences": None,
}

POLYLACTIC_ACID = {
    "code": 1556041,
    "slug": "polylactic-acid",
    "title": "Polylactic Acid (PLA) Market",
    "headline": "Polylactic Acid (PLA) Market in Europe and Worldwide: Capacity, Demand and "
    "Prices by Grade and End Use, 2025–2032",
    "summary": "PLA resins by grade and end use (packaging, textiles, 3D printing, "
    "agriculture) and region, in euros, with new lactide capacity in Europe and Asia and the "
    "effect of the EU packaging regulation to 2032.",
    "category": "bioplastics",
    "featured": False,
    "historic_start_year": 2020,
    "base_year": 2024,
    "forecast_start_year": 2025,
    "forecast_end_year": 2032,
    "page_count": 96,
    "currency": "EUR",
    "unit": "million",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>Polylactic acid is made by fermenting plant sugars to lactic acid and "
                "polymerising its lactide. It is the most widely produced bio-based, "
                "industrially compostable plastic. Global sales reached EUR 1,236 million in "
                "2024.</p>"
                "<p>The market is forecast to grow from EUR 1,464 million in 2025 to EUR 4,774 "
                "million by 2032, a CAGR of 18.4%, as new plants in Thailand, China and Europe "
                "come on stream.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>Bans on single-use plastics, brand owners' bio-based content targets and "
                "compostable tea bags, coffee capsules and produce bags drive demand. PLA "
                "filament is the standard material of desktop 3D printing.</p>"
                "<p>PLA costs more than the fossil polymers it replaces, and industrial "
                "composting is not available everywhere. The EU Packaging and Packaging Waste "
                "Regulation limits where compostable packaging may be used, which redirects "
                "PLA towards durable and recyclable applications.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>Packaging, from thermoformed cups to films, takes the largest share. Fibres "
                "for nonwovens and textiles, 3D-printing filament and agricultural mulch films "
                "follow. High-heat crystalline grades widen the range of durable "
                "uses.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>Asia-Pacific is both the largest producer and consumer, with capacity in "
                "Thailand and China. Europe is the second market and is adding its own lactide "
                "capacity; North America is served largely from NatureWorks' plant in "
                "Nebraska.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>NatureWorks and TotalEnergies Corbion have long dominated supply. A wave of "
                "Chinese producers and new European entrants such as Futerro are adding "
                "capacity, which is expected to narrow the price gap with fossil plastics "
                "during the forecast period.</p>"
            ),
        },
    ],
    "figures": [
        (2020, "690"),
        (2021, "766"),
        (2022, "873"),
        (2023, "1056"),
        (2024, "1236"),
        (2025, "1464"),
        (2026, "1733"),
        (2027, "2052"),
        (2028, "2429"),
        (2029, "2876"),
        (2030, "3405"),
        (2031, "4032"),
        (2032, "4774"),
    ],
    "players": [
        {
            "name": "NatureWorks",
            "share": "34",
            "blurb": "The largest PLA producer, building a second Ingeo plant in Thailand.",
        },
        {
            "name": "TotalEnergies Corbion",
            "share": "22",
            "blurb": "Produces Luminy PLA in Rayong, Thailand, and plans capacity in Europe.",
        },
        {"name": "Anhui BBCA Biochemical", "share": "9"},
        {"name": "Futerro"},
        {"name": "Sulzer"},
    ],
    "segments": {
        "type": [
            {"name": "Amorphous PLA", "share": "46"},
            {"name": "Semi-Crystalline PLA", "share": "39"},
            {"name": "PLA Blends and Compounds", "share": "15"},
        ],
        "application": [
            {"name": "Packaging", "share": "58"},
            {"name": "Fibres and Nonwovens", "share": "17"},
            {"name": "3D Printing Filament", "share": "9"},
            {"name": "Agriculture", "share": "7"},
            {"name": "Consumer and Durable Goods", "share": "9"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["DE", "FR", "IT", "NL", "BE", "GB"],
        "Asia-Pacific": ["CN", "TH", "JP", "KR", "IN"],
        "Latin America": ["BR"],
        "Middle East & Africa": ["TR"],
    },
    "region_shares": [
        ("Asia-Pacific", "45"),
        ("Europe", "31"),
        ("North America", "19"),
        ("Latin America", "3"),
        ("Middle East & Africa", "2"),
    ],
    "country_shares": {
        "Europe": {"DE": "29", "FR": "17", "IT": "22", "NL": "12", "BE": "8", "GB": "12"}
    },
    "toc": [
        (1, "Executive summary"),
        (1, "Scope, methodology and currency conventions"),
        (1, "PLA production: lactic acid, lactide and polymerisation"),
        (1, "Market size and forecast, 2020–2032"),
        (1, "Market by grade"),
        (1, "Market by end use"),
        (2, "Packaging under the EU Packaging and Packaging Waste Regulation"),
        (2, "3D printing, fibres and agriculture"),
        (1, "Market by region"),
        (1, "Capacity additions and prices"),
        (1, "Company profiles"),
    ],
    "faqs": [
        (
            "How big is the PLA market?",
            "<p>EUR 1,236 million in 2024, forecast to reach EUR 4,774 million by 2032.</p>",
        ),
        (
            "How fast is it growing?",
            "<p>At a CAGR of 18.4% over the forecast period 2025–2032.</p>",
        ),
        (
            "Why is this report priced in euros?",
            "<p>It is written for European converters and brand owners, and all its figures "
            "are in euros.</p>",
        ),
        (
            "What is PLA used for most?",
            "<p>Packaging, with 58% of the market in 2024.</p>",
        ),
    ],
    "licences": [
        {
            "tier": "single",
            "price": "2900",
            "currency": "EUR",
            "seats": 1,
            "description": "One named reader. The PDF may not be shared outside that person.",
        },
        {
            "tier": "multi",
            "price": "4350",
            "currency": "EUR",
            "seats": 5,
            "description": "Up to five named readers in the same company and site.",
        },
        {
            "tier": "enterprise",
            "price": "5800",
            "currency": "EUR",
            "seats": 0,
            "description": "Everyone in the buying company, all sites; the figures may be "
            "quoted in internal documents.",
        },
    ],
}

SECURITY_CAMERA = {
    "code": 1558762,
    "slug": "smart-home-security-camera",
    "title": "Smart Home Security Camera Market",
    "headline": "Smart Home Security Camera Market: Indoor, Outdoor and Doorbell Cameras, "
    "Subscriptions and Privacy, Forecast 2024–2031",
    "summary": "Indoor cameras, outdoor cameras and video doorbells by sales channel and "
    "region, with cloud subscriptions, local AI processing, privacy regulation and brand "
    "shares to 2031.",
    "category": "smart-home",
    "featured": False,
    "historic_start_year": 2019,
    "base_year": 2023,
    "forecast_start_year": 2024,
    "forecast_end_year": 2031,
    "page_count": 112,
    "currency": "USD",
    "unit": "billion",
    "sections": [
        {
            "kind": "overview",
            "heading": "Market overview",
            "body": (
                "<p>Consumers spent USD 10.74 billion on smart home security cameras and video "
                "doorbells in 2023. The market is forecast to grow from USD 12.11 billion in "
                "2024 to USD 28.15 billion by 2031, a CAGR of 12.8%.</p>"
                "<p>Hardware prices keep falling, so growth comes from more cameras per home and "
                "from subscriptions for cloud video history and smart alerts.</p>"
            ),
        },
        {
            "kind": "drivers",
            "heading": "Drivers and restraints",
            "body": (
                "<p>Parcel theft, insurance discounts and the ease of battery-powered cameras "
                "that need no wiring drive adoption. On-device AI that tells people, vehicles, "
                "pets and parcels apart has cut false alerts.</p>"
                "<p>Privacy is the main restraint: data breaches at camera makers, and the "
                "sharing of footage with police, have drawn fines and regulation. The EU's "
                "Cyber Resilience Act will set security requirements for connected devices.</p>"
            ),
        },
        {
            "kind": "segmentation",
            "heading": "Segmentation",
            "body": (
                "<p>Outdoor cameras are the largest product type, followed by video doorbells and "
                "indoor cameras. Online retail, led by Amazon, sells the largest share, ahead "
                "of electronics and DIY stores and sales bundled with security services.</p>"
            ),
        },
        {
            "kind": "regional",
            "heading": "Regional analysis",
            "body": (
                "<p>North America is the largest region, with the highest share of homes owning "
                "a video doorbell. Asia-Pacific grows fastest, led by China, where low-cost "
                "brands dominate. In Europe, stricter privacy rules on filming public space "
                "shape product design.</p>"
            ),
        },
        {
            "kind": "competition",
            "heading": "Competitive landscape",
            "body": (
                "<p>Ring, Google Nest and Arlo lead in North America and Europe with "
                "subscription-based ecosystems; Wyze and eufy compete on price and local "
                "storage. In China, EZVIZ and Xiaomi lead.</p>"
            ),
        },
    ],
    "figures": [
        (2019, "6.20"),
        (2020, "7.38"),
        (2021, "8.48"),
        (2022, "9.59"),
        (2023, "10.74"),
        (2024, "12.11"),
        (2025, "13.66"),
        (2026, "15.41"),
        (2027, "17.38"),
        (2028, "19.61"),
        (2029, "22.12"),
        (2030, "24.95"),
        (2031, "28.15"),
    ],
    "players": [
        {
            "name": "Ring",
            "share": "17",
            "blurb": "Amazon's doorbell and camera brand, sold with the Ring Protect subscription.",
        },
        {"name": "Google Nest", "share": "9"},
        {
            "name": "Arlo Technologies",
            "share": "7",
            "blurb": "Wire-free cameras; more than half of its revenue now comes from "
            "subscriptions.",
        },
        {"name": "EZVIZ", "share": "7"},
        {"name": "Xiaomi", "share": "6"},
        {"name": "Anker Innovations (eufy)"},
        {"name": "Wyze Labs"},
    ],
    "segments": {
        "type": [
            {"name": "Outdoor Cameras", "share": "44"},
            {"name": "Video Doorbells", "share": "31"},
            {"name": "Indoor Cameras", "share": "25"},
        ],
        "application": [
            {"name": "Online Retail", "share": "48"},
            {"name": "Electronics and DIY Stores", "share": "33"},
            {"name": "Bundled With Security Services", "share": "19"},
        ],
    },
    "region_countries": {
        "North America": ["US", "CA"],
        "Europe": ["GB", "DE", "FR", "IT", "ES", "NL"],
        "Asia-Pacific": ["CN", "JP", "IN", "AU", "KR"],
        "Latin America": ["BR", "MX", "AR"],
        "Middle East & Africa": ["AE", "SA", "ZA"],
    },
    "region_shares": [
        ("North America", "38"),
        ("Asia-Pacific", "30"),
        ("Europe", "24"),
        ("Latin America", "5"),
        ("Middle East & Africa", "3"),
    ],
    "toc": [
        (1, "Executive summary"),
        (1, "Scope and methodology"),
        (1, "Market size and forecast, 2019–2031"),
        (2, "Hardware and subscription revenue"),
        (1, "Market by product type"),
        (1, "Market by sales channel"),
        (1, "Market by region"),
        (1, "Technology: on-device AI, local storage, Matter"),
        (1, "Privacy and security regulation"),
        (1, "Company profiles"),
    ],
    "faqs": [
        (
            "What is the size of the smart home security camera market?",
            "<p>USD 10.74 billion in 2023, and a forecast USD 28.15 billion by 2031.</p>",
        ),
        (
            "What is the forecast growth rate?",
            "<p>A CAGR of 12.8% from 2024 to 2031.</p>",
        ),
        (
            "Which product type leads?",
            "<p>Outdoor cameras, with 44% of the market in 2023.</p>",
        ),
        (
            "Which region buys the most cameras?",
            "<p>North America, with 38% of the market.</p>",
        ),
    ],
    "licences": None,
}

REPORTS = [
    SOLAR_BATTERY,
    SILICON_CARBIDE,
    EV_CHARGING,
    PLANT_MILK,
    POLYLACTIC_ACID,
    SECURITY_CAMERA,
]
