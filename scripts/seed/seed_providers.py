"""Hand-written provider data for the seed catalogue.

The facts file (/work/shared/data/mittelsachsen_facts.json) gives names, types, towns,
some addresses, phones and websites. This module adds what the product needs on top:
a normalised https website, a bilingual description, the counselling flag, a fallback
address text where the facts have none, and the default contact text used by offers.

Rule: nothing here may contradict the facts file. Where a fact is missing we say
"nicht verifiziert" instead of guessing a street, phone number or e-mail address.
"""

# Providers outside the district (Chemnitz, Bautzen, Dresden, statewide). towns.json only
# holds the 51 towns of Landkreis Mittelsachsen and the catalogue requires a town for every
# provider (providers.town_id NOT NULL REFERENCES towns), so these get the district seat
# Freiberg as their reference town; the real location is in `address` and `description`.
OUT_OF_DISTRICT = {"p-lasub", "p-lasub-zast", "p-iq", "p-ihk-c", "p-sfr", "p-svv"}
OUT_OF_DISTRICT_TOWN = "freiberg"

PROVIDERS = {
    "p-lra": {
        "website": "https://www.landkreis-mittelsachsen.de",
        "email": None,
        "counselling": True,
        "description": {
            "de": "Kreisverwaltung des Landkreises Mittelsachsen in Freiberg. Hier sitzen die Ausländer- und Integrationsbeauftragte (Sprechstunde nach Vereinbarung, 2. Etage, Zimmer 229) und das Netzwerk Migration; seit 2017 gab es außerdem eine Integrations- und Bildungskoordination für Neuzugewanderte (aktueller Stand nicht verifiziert).",
            "en": "District administration of Mittelsachsen in Freiberg. It houses the commissioner for foreigners and integration (consultations by arrangement, 2nd floor, room 229) and the migration network; since 2017 it also had integration and education coordinators for newcomers (current status not verified).",
        },
        "contact": "Landratsamt Mittelsachsen, Frauensteiner Straße 43, 09599 Freiberg – Termin nach Vereinbarung (Kontakt über landkreis-mittelsachsen.de)",
    },
    "p-lra-abh": {
        "website": "https://www.landkreis-mittelsachsen.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Die Ausländerbehörde des Landkreises (Stabsstelle Ausländer- und Asylangelegenheiten) ist für Aufenthaltstitel zuständig und kann zur Teilnahme am Integrationskurs verpflichten. Vorsprachen gibt es nur mit Termin, der online gebucht wird (termin-abh.landkreis-mittelsachsen.de).",
            "en": "The district's immigration office (Stabsstelle Ausländer- und Asylangelegenheiten) handles residence permits and can oblige people to attend an integration course. Visits are by appointment only, booked online (termin-abh.landkreis-mittelsachsen.de).",
        },
        "contact": "Tel. 03731 799-3600; Termine nur über die Online-Buchung termin-abh.landkreis-mittelsachsen.de",
    },
    "p-lra-jugend": {
        "website": "https://www.landkreis-mittelsachsen.de",
        "email": None,
        "counselling": True,
        "address": "Freiberg (Landratsamt Mittelsachsen; genaue Anschrift der Abteilung nicht verifiziert)",
        "description": {
            "de": "Die Abteilung Jugend und Familie (Jugendamt) des Landratsamtes berät zu Kita-Fragen und übernimmt auf Antrag den Kita-Elternbeitrag, wenn das Einkommen der Familie gering ist (§ 90 SGB VIII).",
            "en": "The district youth and family department (Jugendamt) advises on childcare and, on application, pays the childcare parental fee for families with a low income (§ 90 SGB VIII).",
        },
        "contact": "Landratsamt Mittelsachsen, Abteilung Jugend und Familie – Kontakt über landkreis-mittelsachsen.de",
    },
    "p-welcome": {
        "website": "https://welcome-mittelsachsen.de",
        "phone": "03731 799-1491",
        "email": None,
        "counselling": True,
        "address": "Freiberg (online- und telefonischer Service; Anschrift nicht verifiziert)",
        "description": {
            "de": "Informationsportal Welcome Mittelsachsen (Anerkennung, Arbeit, Kita) und Nestbau Mittelsachsen. Die Nestbau-Koordination (Tel. 03731 799-1491) hilft bei der Kita-Suche und nennt die Ansprechpartner in der Wunschgemeinde.",
            "en": "Information portals Welcome Mittelsachsen (recognition, work, childcare) and Nestbau Mittelsachsen. The Nestbau coordination (phone 03731 799-1491) helps families find a childcare place and names the contacts in the chosen municipality.",
        },
        "contact": "Nestbau-Koordination, Tel. 03731 799-1491; welcome-mittelsachsen.de und nestbau-mittelsachsen.de",
    },
    "p-lasub": {
        "website": "https://schule.sachsen.de",
        "email": None,
        "counselling": True,
        "address": "Chemnitz, außerhalb des Landkreises (Standort des LaSuB; Anschrift und Zuständigkeit für Mittelsachsen nicht verifiziert)",
        "description": {
            "de": "Das Landesamt für Schule und Bildung bietet neu zugewanderten Kindern und Jugendlichen bis 18 Jahre eine kostenlose besondere Bildungsberatung an und weist sie Vorbereitungsklassen (Deutsch als Zweitsprache) zu. Dass der Standort Chemnitz für Mittelsachsen zuständig ist, ist nicht eigens belegt.",
            "en": "The State Office for Schools and Education offers free special education counselling to newly arrived children and young people up to 18 and assigns them to preparatory classes (German as a second language). That the Chemnitz site covers Mittelsachsen is not separately verified.",
        },
        "contact": "LaSuB – Koordination Migration/Integration; Kontakt über schule.sachsen.de bzw. migration.bildung.sachsen.de (zuständigen Standort bitte erfragen)",
    },
    "p-lasub-zast": {
        "website": None,
        "email": None,
        "counselling": False,
        "description": {
            "de": "Die Zeugnisanerkennungsstelle des LaSuB in Bautzen prüft sachsenweit, ob ausländische Schulabschlüsse einem deutschen Abschluss gleichwertig sind (z. B. Hauptschulabschluss, mittlerer Abschluss, Hochschulzugangsberechtigung). Die Gebühr liegt je nach Aufwand bei 35–675 €.",
            "en": "The certificate recognition office of the LaSuB in Bautzen decides for all of Saxony whether foreign school certificates are equivalent to a German certificate (e.g. lower or intermediate secondary certificate, university entrance qualification). The fee is 35–675 € depending on the effort.",
        },
        "contact": "LaSuB – Zeugnisanerkennungsstelle, Otto-Nagel-Straße 1, 02625 Bautzen (Antrag schriftlich)",
    },
    "p-aa-fg": {
        "website": "https://www.arbeitsagentur.de",
        "email": None,
        "counselling": True,
        "address": "Freiberg (Hauptanschrift nicht verifiziert); Geschäftsstelle Döbeln 2018: Burgstraße 34, 04720 Döbeln",
        "description": {
            "de": "Die Agentur für Arbeit Freiberg ist für den ganzen Landkreis Mittelsachsen zuständig: Berufsberatung, Ausbildungs- und Arbeitsvermittlung sowie Berechtigungen für Berufssprachkurse.",
            "en": "The Freiberg employment agency covers the whole district of Mittelsachsen: career guidance, apprenticeship and job placement, and entitlements for job-related German courses.",
        },
        "contact": "Agentur für Arbeit Freiberg – Termin über arbeitsagentur.de",
    },
    "p-jc-fg": {
        "website": None,
        "email": None,
        "counselling": True,
        "address": "Freiberg (Anschrift nicht verifiziert)",
        "description": {
            "de": "Standort Freiberg des Jobcenters Mittelsachsen (gemeinsame Einrichtung von Arbeitsagentur und Landkreis): Bürgergeld, Arbeitsvermittlung sowie Verpflichtung oder Berechtigung für Integrations- und Berufssprachkurse.",
            "en": "Freiberg site of Jobcenter Mittelsachsen (joint body of the employment agency and the district): citizen's income (Bürgergeld), job placement, and obligation or entitlement for integration and job-related German courses.",
        },
        "contact": "Jobcenter Mittelsachsen, Standort Freiberg – Termin über die persönliche Ansprechperson",
    },
    "p-jc-dl": {
        "website": None,
        "email": None,
        "counselling": True,
        "description": {
            "de": "Standort Döbeln des Jobcenters Mittelsachsen: Bürgergeld, Arbeitsvermittlung sowie Verpflichtung oder Berechtigung für Integrations- und Berufssprachkurse. Die Anschrift Burgstraße 34 stammt von 2018; ein Umzug war geplant.",
            "en": "Döbeln site of Jobcenter Mittelsachsen: citizen's income, job placement, and obligation or entitlement for integration and job-related German courses. The address Burgstraße 34 dates from 2018; a move was planned.",
        },
        "contact": "Jobcenter Mittelsachsen, Standort Döbeln – Termin über die persönliche Ansprechperson (Anschrift vorher prüfen)",
    },
    "p-jc-mw": {
        "website": None,
        "email": None,
        "counselling": True,
        "address": "Mittweida, ehemalige Baumwollspinnerei (Straßenanschrift nicht verifiziert)",
        "description": {
            "de": "Standort Mittweida des Jobcenters Mittelsachsen in der ehemaligen Baumwollspinnerei, zugleich Sitz der Jobcenter-Leitung. Seit der Schließung der Standorte Rochlitz und Hainichen ist er auch für Orte wie Burgstädt und Rochlitz zuständig.",
            "en": "Mittweida site of Jobcenter Mittelsachsen in the former cotton mill, also the head office. Since the Rochlitz and Hainichen sites closed it also serves towns such as Burgstädt and Rochlitz.",
        },
        "contact": "Jobcenter Mittelsachsen, Standort Mittweida – Termin über die persönliche Ansprechperson",
    },
    "p-vhs-fg": {
        "website": "https://www.vhs-mittelsachsen.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Hauptgeschäftsstelle der Volkshochschule Mittelsachsen (Träger: Mittelsächsische Kultur gGmbH) mit Kursen zu Sprachen – auch Deutsch als Fremdsprache –, Gesellschaft, Kultur, Gesundheit sowie Beruf und EDV. Die Anschrift Burgstraße 19 stammt aus einer älteren Quelle.",
            "en": "Head office of the Mittelsachsen adult education centre (run by Mittelsächsische Kultur gGmbH) with courses in languages – including German as a foreign language –, society, culture, health, work and IT. The address Burgstraße 19 comes from an older source.",
        },
        "contact": "VHS Mittelsachsen, Hauptgeschäftsstelle Freiberg – Anmeldung über vhs-mittelsachsen.de",
    },
    "p-vhs-dl": {
        "website": "https://www.vhs-mittelsachsen.de",
        "email": None,
        "counselling": False,
        "address": "Döbeln (Anschrift der Geschäftsstelle nicht verifiziert)",
        "description": {
            "de": "Geschäftsstelle Döbeln der Volkshochschule Mittelsachsen. 2017 belegt: ein BAMF-Integrationskurs sowie EDV-Kurse im Computerkabinett am BSZ Döbeln (Raum A003, 12 Plätze); aktuelle Kursträgerschaft bitte prüfen.",
            "en": "Döbeln office of the Mittelsachsen adult education centre. Documented in 2017: a BAMF integration course and IT courses in the computer room at BSZ Döbeln (room A003, 12 places); please check its current course portfolio.",
        },
        "contact": "VHS Mittelsachsen, Geschäftsstelle Döbeln – Anmeldung über vhs-mittelsachsen.de",
    },
    "p-vhs-mw": {
        "website": "https://www.vhs-mittelsachsen.de",
        "email": None,
        "counselling": False,
        "address": "Mittweida (Anschrift der Geschäftsstelle nicht verifiziert)",
        "description": {
            "de": "Geschäftsstelle Mittweida der Volkshochschule Mittelsachsen mit dem allgemeinen VHS-Programm. 2019 wurde zusätzlich eine Außenstelle in Rochlitz angekündigt.",
            "en": "Mittweida office of the Mittelsachsen adult education centre with the general programme. A further branch in Rochlitz was announced in 2019.",
        },
        "contact": "VHS Mittelsachsen, Geschäftsstelle Mittweida – Anmeldung über vhs-mittelsachsen.de",
    },
    "p-bsw-dl": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Döbeln (Anschrift nicht verifiziert)",
        "description": {
            "de": "Bildungsträger der sächsischen Wirtschaft; in Döbeln ist Berufsvorbereitung für junge Menschen belegt (2016/17). Aktuelle Angebote bitte erfragen.",
            "en": "Training provider of the Saxon business community; vocational preparation for young people in Döbeln is documented for 2016/17. Please ask for current offers.",
        },
        "contact": "Bildungswerk der Sächsischen Wirtschaft, Döbeln (Kontaktdaten nicht verifiziert)",
    },
    "p-tubaf": {
        "website": "https://tu-freiberg.de",
        "email": "international@tu-freiberg.de",
        "counselling": True,
        "description": {
            "de": "Das Internationale Universitätszentrum (IUZ) der TU Bergakademie Freiberg bietet studienvorbereitende Intensivkurse Deutsch auf B2 und C1 mit DSH-Vorbereitung und die DSH-Prüfung an; das International Office berät internationale und geflüchtete Studieninteressierte. Kursgebühren sind nicht verifiziert.",
            "en": "The International University Centre (IUZ) of TU Bergakademie Freiberg offers intensive preparatory German courses at B2 and C1 with DSH preparation and holds the DSH exam; the International Office advises international and refugee applicants. Course fees are not verified.",
        },
        "contact": "IUZ / International Office, Akademiestraße 6, 09599 Freiberg; international@tu-freiberg.de",
    },
    "p-hsmw": {
        "website": "https://www.hs-mittweida.de",
        "email": None,
        "counselling": True,
        "address": "Mittweida (Anschrift bitte der Website entnehmen)",
        "description": {
            "de": "Studienkolleg und International Office der Hochschule Mittweida: DSH-Kurs (1.900 € pro Semester), FSP-Kurse für die Feststellungsprüfung mit Schwerpunkt Technik oder Wirtschaft (2.900 € pro Semester), TestDaF-Zentrum, Buddy-Programm und Beratung für geflüchtete Studierende, auch aus der Ukraine.",
            "en": "Foundation college (Studienkolleg) and International Office of Hochschule Mittweida: DSH course (1,900 € per semester), foundation courses for the assessment exam with a technical or economics focus (2,900 € per semester), TestDaF centre, buddy programme and advice for refugee students, including students from Ukraine.",
        },
        "contact": "Studienkolleg / International Office der Hochschule Mittweida – Kontakt über hs-mittweida.de",
    },
    "p-bsz-weisbach": {
        "website": "https://www.bsz-freiberg.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Größtes Berufliches Schulzentrum im Landkreis: Berufsschule für gewerblich-technische und kaufmännische Berufe sowie Fachschule, u. a. für Bergbau-, Bohr- und Geologietechnik.",
            "en": "The largest vocational school centre in the district: vocational school for industrial-technical and commercial trades and a technical college, including mining, drilling and geology technology.",
        },
        "contact": "BSZ „Julius Weisbach“, Standort Schachtweg, Freiberg – Kontakt über bsz-freiberg.de",
    },
    "p-bsz-zug": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Freiberg, Ortsteil Zug (Anschrift nicht verifiziert)",
        "description": {
            "de": "Berufliches Schulzentrum für „grüne Berufe“ (z. B. Landwirt/in, Tierwirt/in), Ernährung und Hauswirtschaft mit Fachschulzentrum in Freiberg-Zug.",
            "en": "Vocational school centre for agricultural trades (e.g. farmer, animal farmer), nutrition and home economics, with a technical college, in Freiberg-Zug.",
        },
        "contact": "BSZ für Agrarwirtschaft, Ernährung und Hauswirtschaft, Freiberg-Zug (Kontaktdaten nicht verifiziert)",
    },
    "p-bsz-dl-mw": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Döbeln (Hauptstandort); Schulteil Mittweida (Anschriften nicht verifiziert)",
        "description": {
            "de": "Berufliches Schulzentrum mit Hauptstandort Döbeln und Schulteil Mittweida: Berufsschule, Berufsfachschule und Fachschule Sozialwesen, Fachoberschule und Berufsvorbereitungsjahr (BVJ). Der Standort Rochlitz wird aufgegeben; die Sozialberufe ziehen ab August 2026 nach Mittweida.",
            "en": "Vocational school centre with its main site in Döbeln and a branch in Mittweida: vocational school, full-time vocational and technical college for social care, upper secondary technical school and pre-vocational year (BVJ). The Rochlitz site is closing; social-care courses move to Mittweida from August 2026.",
        },
        "contact": "BSZ Döbeln-Mittweida (Kontaktdaten nicht verifiziert)",
    },
    "p-kolleg": {
        "website": "https://www.freiberg-kolleg.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Schule des Zweiten Bildungswegs (Abitur in Vollzeit) in Trägerschaft des Landkreises. Seit 2014/15 gibt es einen Abiturweg für Migrantinnen und Migranten mit Vorbereitungsklasse; die Herkunftssprache zählt als zweite Fremdsprache.",
            "en": "Second-chance school (full-time Abitur) run by the district. Since 2014/15 it has an Abitur route for migrants with a preparatory class; the learner's first language counts as the second foreign language.",
        },
        "contact": "Freiberg-Kolleg, Bergstiftsgasse 1, 09599 Freiberg – Kontakt über freiberg-kolleg.de",
    },
    "p-diakonie-burgstaedt": {
        "website": "https://www.diakonie-rochlitz.de",
        "phone": "03737 4931-0",
        "email": None,
        "counselling": True,
        "description": {
            "de": "Migrationsdienst des Diakonischen Werks Rochlitz e.V. im Beratungszentrum Burgstädt (seit über 25 Jahren): Migrationsberatung für Erwachsene (MBE) und Jugendmigrationsdienst (JMD, 12–27 Jahre) zu Deutschkursen, Schule, Ausbildung und Arbeit. 2023 rund 150 MBE-Fälle und etwa 100 junge Menschen; Telefonnummer = Zentrale im Haus der Diakonie Rochlitz.",
            "en": "Migration service of Diakonisches Werk Rochlitz e.V. at its Burgstädt counselling centre (for over 25 years): migration counselling for adults (MBE) and youth migration service (JMD, ages 12–27) on German courses, school, training and work. About 150 adult cases and 100 young people in 2023; the phone number is the head office at Haus der Diakonie in Rochlitz.",
        },
        "contact": "Migrationsdienst, Kirchplatz 2, 09217 Burgstädt; Zentrale Diakonisches Werk Rochlitz, Tel. 03737 4931-0",
    },
    "p-caritas-fg": {
        "website": None,
        "email": None,
        "counselling": True,
        "address": "Freiberg (Anschrift nicht verifiziert)",
        "description": {
            "de": "Die Caritas unterstützt Neuankommende in Freiberg gemeinsam mit der Stadt bei Unterkunft, Erstausstattung und Schriftverkehr. Welche Caritas-Gliederung dahintersteht und ob sie Migrationsberatung (MBE) anbietet, ist nicht verifiziert.",
            "en": "Caritas supports new arrivals in Freiberg together with the town with housing, basic household items and paperwork. Which Caritas association runs this and whether it offers migration counselling (MBE) is not verified.",
        },
        "contact": "Caritas in Freiberg (Kontaktdaten nicht verifiziert – ggf. über die Stadt Freiberg erfragen)",
    },
    "p-diakonie-fg": {
        "website": "http://wirsindfreiberg.de",
        "email": None,
        "counselling": False,
        "address": "Freiberg (Anschrift nicht verifiziert)",
        "description": {
            "de": "Wohlfahrtsverband in Freiberg, Mitträger der Willkommensinitiative „Wir sind Freiberg“ (mit der Freiberger Agenda 21), die über Integrationsangebote informiert. Ob das Werk MBE oder JMD anbietet, ist nicht verifiziert.",
            "en": "Welfare organisation in Freiberg, co-running the welcome initiative “Wir sind Freiberg” (with Freiberger Agenda 21), which informs about integration offers. Whether it offers MBE or JMD counselling is not verified.",
        },
        "contact": "Diakonisches Werk Freiberg e.V. / Initiative „Wir sind Freiberg“ (wirsindfreiberg.de)",
    },
    "p-akasyl-fg": {
        "website": "https://ev-kirche-freiberg-an.de",
        "email": None,
        "counselling": False,
        "address": "Freiberg (Ev.-Luth. Kirchgemeinde; Anschrift nicht verifiziert)",
        "description": {
            "de": "Ehrenamtlicher Arbeitskreis der Ev.-Luth. Kirchgemeinde Freiberg: Deutschunterricht an drei Abenden pro Woche, Begegnung, Gutscheine für die Kleiderkammer und Hilfe im Alltag.",
            "en": "Volunteer group of the Lutheran parish in Freiberg: German lessons on three evenings a week, meetups, clothing-store vouchers and everyday help.",
        },
        "contact": "Arbeitskreis Asyl der Ev.-Luth. Kirchgemeinde Freiberg – Kontakt über ev-kirche-freiberg-an.de",
    },
    "p-akaa-fg": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Freiberg (Anschrift nicht verifiziert)",
        "description": {
            "de": "Verein, der Asylsuchende und ausländische Studierende in Freiberg begleitet und unterstützt (Stand 2015).",
            "en": "Association that accompanies and supports asylum seekers and international students in Freiberg (as of 2015).",
        },
        "contact": "Arbeitskreis Ausländer und Asyl Freiberg e.V. (Kontaktdaten nicht verifiziert)",
    },
    "p-hartha-koord": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Hartha (ev. Kirchgemeinde; Anschrift nicht verifiziert)",
        "description": {
            "de": "Ehrenamtlicher Koordinationskreis der evangelischen Kirchgemeinde Hartha; 2017 gab es hier ein- bis zweimal pro Woche Deutschunterricht. Aktueller Stand nicht verifiziert.",
            "en": "Volunteer group of the Protestant parish in Hartha; in 2017 it gave German lessons once or twice a week. Current status not verified.",
        },
        "contact": "Koordinationskreis Asyl Hartha über die ev. Kirchgemeinde Hartha (Kontaktdaten nicht verifiziert)",
    },
    "p-drk-dlhc": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "Döbeln (Sitz aus dem Verbandsnamen abgeleitet; Anschrift nicht verifiziert)",
        "description": {
            "de": "DRK-Kreisverband mit Flüchtlingshilfe im Raum Döbeln und Hainichen, u. a. bis Januar 2026 Träger der Inobhutnahmestelle für unbegleitete Minderjährige in Kriebstein. Ein eigenes Bildungsangebot ist nicht belegt.",
            "en": "Red Cross district branch with refugee aid in the Döbeln and Hainichen area; until January 2026 it ran the reception home for unaccompanied minors in Kriebstein. No education offer of its own is documented.",
        },
        "contact": "DRK Kreisverband Döbeln-Hainichen e.V. (Kontaktdaten nicht verifiziert)",
    },
    "p-iq": {
        "website": "https://www.netzwerk-iq-sachsen.de",
        "email": None,
        "counselling": True,
        "address": "sachsenweit, Sitz Dresden, außerhalb des Landkreises (Beratungsort für Mittelsachsen nicht verifiziert)",
        "description": {
            "de": "Das IQ Netzwerk Sachsen (u. a. die Informations- und Beratungsstelle Anerkennung Sachsen, IBAS, seit 2011) berät kostenlos zur Anerkennung ausländischer Berufs- und Studienabschlüsse und zu Qualifizierung. Ein Beratungsbüro in Mittelsachsen ist nicht verifiziert.",
            "en": "IQ Netzwerk Sachsen (including the Saxon recognition advice centre IBAS, since 2011) gives free advice on the recognition of foreign professional and academic qualifications and on further qualification. No office in Mittelsachsen is verified.",
        },
        "contact": "IQ Netzwerk Sachsen – Kontakt und Termine über netzwerk-iq-sachsen.de",
    },
    "p-ihk-c": {
        "website": "https://www.ihk.de/chemnitz",
        "email": None,
        "counselling": True,
        "address": "Chemnitz, außerhalb des Landkreises (Anschrift nicht verifiziert)",
        "description": {
            "de": "Die IHK Chemnitz ist für Südwestsachsen zuständig und gibt eine Erstberatung zur Anerkennung ausländischer Abschlüsse in IHK-Berufen; die Anträge bearbeitet die IHK FOSA in Nürnberg.",
            "en": "IHK Chemnitz (chamber of industry and commerce) covers south-west Saxony and gives first advice on recognising foreign qualifications in IHK occupations; applications are handled by IHK FOSA in Nuremberg.",
        },
        "contact": "IHK Chemnitz – Kontakt über ihk.de/chemnitz; Anträge über IHK FOSA (ihk-fosa.de)",
    },
    "p-sfr": {
        "website": "https://www.saechsischer-fluechtlingsrat.de",
        "email": None,
        "counselling": True,
        "description": {
            "de": "Unabhängiger Verein (gegründet 1991) mit Asyl- und Aufenthaltsberatung sowie Beratung zum Zugang zu Arbeit und Bildung. Beratungsstellen in Dresden (Dammweg 4 und 3, Stand 2019) und Chemnitz (Henriettenstraße 5, Stand 2018).",
            "en": "Independent association (founded 1991) offering asylum and residence counselling and advice on access to work and education. Offices in Dresden (Dammweg 4 and 3, as of 2019) and Chemnitz (Henriettenstraße 5, as of 2018).",
        },
        "contact": "Sächsischer Flüchtlingsrat e.V. – Kontakt und Beratungszeiten über saechsischer-fluechtlingsrat.de",
    },
    "p-svv": {
        "website": None,
        "email": None,
        "counselling": False,
        "address": "sachsenweit, außerhalb des Landkreises (Anschrift nicht verifiziert)",
        "description": {
            "de": "Der Sächsische Volkshochschulverband koordiniert seit Juli 2023 als Zentralstelle die Erstorientierungskurse in Sachsen (gefördert vom Bundesinnenministerium).",
            "en": "Since July 2023 the Saxon adult education association has coordinated the initial orientation courses in Saxony as the central office (funded by the Federal Ministry of the Interior).",
        },
        "contact": "Sächsischer Volkshochschulverband – Zentralstelle Erstorientierungskurse (Kontaktdaten nicht verifiziert)",
    },
    "p-stadt-fg": {
        "website": None,
        "email": None,
        "counselling": False,
        "description": {
            "de": "Bürgerbüro der Stadt Freiberg (Meldebehörde). Für Plätze in kommunalen Kitas ist die Stadt bzw. der jeweilige Kita-Träger Ansprechpartner.",
            "en": "Citizens' office of the town of Freiberg (registration office). For places in municipal childcare centres, contact the town or the respective childcare provider.",
        },
        "contact": "Stadt Freiberg, Bürgerbüro, Obermarkt 21, 09599 Freiberg",
    },
    "p-stadt-fkb": {
        "website": "https://www.frankenberg-sachsen.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Stadtverwaltung Frankenberg/Sa. Die Gemeinde plant den Kita-Bedarf und legt die Elternbeiträge fest.",
            "en": "Town administration of Frankenberg/Sa. The town plans childcare places and sets the parental fees.",
        },
        "contact": "Stadtverwaltung Frankenberg/Sa., Markt 15, 09669 Frankenberg/Sa.",
    },
    "p-stadt-floeha": {
        "website": "https://www.floeha.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Stadtverwaltung Flöha; Ansprechpartner für Gemeindeangelegenheiten, auch für die Kita-Anmeldung.",
            "en": "Town administration of Flöha; contact point for municipal matters, including childcare registration.",
        },
        "contact": "Stadtverwaltung Flöha, Augustusburger Straße 90, 09557 Flöha",
    },
    "p-stadt-be": {
        "website": "https://www.brand-erbisdorf.de",
        "email": None,
        "counselling": False,
        "description": {
            "de": "Stadtverwaltung Brand-Erbisdorf; Ansprechpartner für Gemeindeangelegenheiten, auch für die Kita-Anmeldung.",
            "en": "Town administration of Brand-Erbisdorf; contact point for municipal matters, including childcare registration.",
        },
        "contact": "Stadtverwaltung Brand-Erbisdorf, Markt 1, 09618 Brand-Erbisdorf",
    },
}
