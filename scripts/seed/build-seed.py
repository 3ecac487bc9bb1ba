#!/usr/bin/env python3
"""One-off generator for the committed seed catalogue in data/seed/.

Reads the researched facts and the shared taxonomy (default /work/shared, override with
the environment variable BILDUNGSLOTSE_SHARED) and the hand-written content in this folder
(seed_providers.py, seed_offers.py, seed_answers.py), and writes

    data/seed/categories.json  towns.json  providers.json  offers.json  answers.json

The product never reads /work/shared at run time; it only reads data/seed/. Output is
deterministic: fixed order, 2-space indent, UTF-8, no ASCII escaping, trailing newline.

Usage:  python3 scripts/seed/build-seed.py        (stdlib only)

Since 2026-12-06 the committed files carry edits this generator does not make: audiences on the
offers, and verification notes ("Anschrift nicht verifiziert", "(Stand 2015)") moved out of the
public fields into `source`. Do not run it over them; edit data/seed/ instead.
"""
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep scripts/seed free of __pycache__

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "data", "seed")
SHARED = os.environ.get("BILDUNGSLOTSE_SHARED", "/work/shared")

sys.path.insert(0, HERE)
from seed_providers import PROVIDERS, OUT_OF_DISTRICT, OUT_OF_DISTRICT_TOWN  # noqa: E402
from seed_offers import FACT_OFFERS, NEW_OFFERS, IK_NOTE  # noqa: E402
from seed_answers import ANSWERS  # noqa: E402

CATEGORY_DESCRIPTION_DE = {
    "integration-course": "Integrationskurse des BAMF: allgemeiner Kurs, Intensivkurs, Alphabetisierungs-, Zweitschrift- und Förderkurs, Orientierungskurs und Abschlusstests (Deutsch-Test für Zuwanderer, „Leben in Deutschland“).",
    "job-language-course": "Berufsbezogene Deutschkurse nach der DeuFöV (Berufssprachkurse): Basiskurse von B1 bis C2 und Spezialkurse, z. B. für Anerkennungsverfahren oder fachspezifisch.",
    "german-course": "Weitere Deutschkurse: Erstorientierungskurse, Landessprachkurse Sachsen, Deutschkurse der Volkshochschule, Hochschuldeutsch und MiA-Kurse für Frauen.",
    "language-meetup": "Kostenlose, offene Übungsangebote: Sprachcafés, Gesprächsgruppen, Tandems und ehrenamtlicher Deutschunterricht.",
    "literacy": "Lesen und Schreiben lernen – auf Deutsch oder in lateinischer Schrift, z. B. im Alphabetisierungs- oder Zweitschriftlernerkurs.",
    "school": "Schulanmeldung und Bildungsberatung für schulpflichtige Kinder und Jugendliche, Vorbereitungsklassen (Deutsch als Zweitsprache), Schulabschlüsse und Wege zum Abitur.",
    "vocational-training": "Berufsorientierung und Berufsvorbereitung, duale und schulische Ausbildung, Berufliche Schulzentren und ihre Vorbereitungsklassen.",
    "university": "Studium, Hochschulzulassung, DSH und studienvorbereitende Deutschkurse, Studienkolleg und International Offices.",
    "recognition": "Anerkennung ausländischer Berufs-, Studien- und Schulabschlüsse und Beratung dazu.",
    "counselling": "Migrationsberatung für Erwachsene (MBE), Jugendmigrationsdienst (JMD), Bildungs- und Asylberatung sowie weitere Anlaufstellen.",
    "childcare": "Kita, Krippe, Kindertagespflege und Hort, Eltern-Kind-Angebote und Elternbildung.",
    "work": "Arbeitssuche, Jobcenter und Agentur für Arbeit, Praktika, Bewerbungen, Arbeitserlaubnis und Behördentermine.",
    "adult-education": "Weiterbildung und Umschulung, Computerkurse und allgemeine Erwachsenenbildung, z. B. an der Volkshochschule.",
}

LANG_CODES = {"de", "en", "uk", "ru", "ar", "fa"}
COURSE_CATEGORIES = {"integration-course", "job-language-course", "german-course", "literacy",
                     "school", "vocational-training", "university", "adult-education"}
DEFAULT_VALID_COURSE = "2027-07-31"
DEFAULT_VALID_SERVICE = "2027-12-31"


class SeedError(Exception):
    pass


def load_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def write_json(name, data):
    path = os.path.join(OUT, name)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path


def https_or_none(url):
    return url if url and url.startswith("https://") else None


def mode_from_facts(text):
    """Facts use free text ("vor Ort", "telefonisch/E-Mail", ...); the seed uses 3 values."""
    low = text.lower()
    if low.startswith("telefonisch"):
        return "phone"
    if "vor ort" in low or low.startswith("termin"):
        return "onsite"
    if "online" in low:
        return "online"
    return "onsite"


def languages_from_facts(values):
    """Keep ISO codes only ("en (Beispiel)" -> "en"); free-text notes are dropped."""
    out = []
    for v in values:
        code = re.split(r"[\s(]", v.strip(), maxsplit=1)[0]
        if code in LANG_CODES and code not in out:
            out.append(code)
    if "de" not in out:
        out.insert(0, "de")
    return out


def evening_from_schedule(schedule):
    """True if any session in the schedule text starts at or after 16:00; None if no time."""
    starts = re.findall(r"(\d{1,2}):(\d{2})\s*[–-]\s*\d{1,2}:\d{2}", schedule)
    if not starts:
        return None
    return any(int(h) * 60 + int(m) >= 16 * 60 for h, m in starts)


def with_ik_note(target_group):
    tg = target_group.rstrip()
    if not tg.endswith("."):
        tg += "."
    return f"{tg} {IK_NOTE}"


def default_valid(categories):
    return DEFAULT_VALID_COURSE if COURSE_CATEGORIES.intersection(categories) else DEFAULT_VALID_SERVICE


def build_categories(taxonomy):
    cats = []
    for c in taxonomy["categories"]:
        if c["id"] not in CATEGORY_DESCRIPTION_DE:
            raise SeedError(f"no German description for category {c['id']}")
        cats.append({
            "id": c["id"],
            "name": {"de": c["de"], "en": c["en"]},
            "description": {"de": CATEGORY_DESCRIPTION_DE[c["id"]], "en": c["description"]},
        })
    return cats


def build_towns(taxonomy):
    keys = ("id", "name", "postcode", "lat", "lon", "kind")
    return [{k: t[k] for k in keys} for t in taxonomy["towns"]]


def build_providers(facts, town_id):
    providers = []
    for p in facts["providers"]:
        extra = PROVIDERS.get(p["id"])
        if extra is None:
            raise SeedError(f"no hand-written data for provider {p['id']}")
        if p["id"] in OUT_OF_DISTRICT:
            tid = OUT_OF_DISTRICT_TOWN
        else:
            if p["town"] not in town_id:
                raise SeedError(f"provider {p['id']}: unknown town {p['town']!r}")
            tid = town_id[p["town"]]
        address = extra.get("address", p.get("address"))
        if not address:
            raise SeedError(f"provider {p['id']}: no address text")
        providers.append({
            "id": p["id"],
            "name": p["name"],
            "type": p["type"],
            "townId": tid,
            "address": address,
            "phone": extra["phone"] if "phone" in extra else p.get("phone"),
            "email": extra.get("email"),
            "website": extra.get("website"),
            "description": extra["description"],
            "counselling": extra["counselling"],
            "source": p["source"],
        })
    return providers


def resolve_address(offer_id, explicit, provider, offer_town, mode):
    if explicit:
        return explicit
    if provider["townId"] != offer_town and mode == "onsite":
        raise SeedError(f"{offer_id}: on-site offer in {offer_town} but provider sits in "
                        f"{provider['townId']}; give an explicit address")
    return provider["address"]


def check_evening(offer_id, explicit, schedule):
    computed = evening_from_schedule(schedule)
    if explicit is None:
        return bool(computed)
    if computed is not None and computed != explicit:
        raise SeedError(f"{offer_id}: evening={explicit} contradicts schedule {schedule!r}")
    return explicit


def sort_categories(ids, order):
    unknown = [c for c in ids if c not in order]
    if unknown:
        raise SeedError(f"unknown category ids {unknown}")
    return sorted(set(ids), key=order.index)


def build_fact_offers(facts, taxonomy, town_id, providers_by_id, contacts):
    order = [c["id"] for c in taxonomy["categories"]]
    subtype_to_cats = {}
    for c in taxonomy["categories"]:
        for st in c["subtypes"]:
            subtype_to_cats.setdefault(st, []).append(c["id"])

    offers = []
    for o in facts["offers"]:
        x = FACT_OFFERS.get(o["id"])
        if x is None:
            raise SeedError(f"no hand-written content for {o['id']}")
        if o["category"] not in subtype_to_cats:
            raise SeedError(f"{o['id']}: subtype {o['category']} not in taxonomy")
        cats = x.get("cats") or subtype_to_cats[o["category"]] + x.get("cats_extra", [])
        cats = sort_categories(cats, order)
        provider = providers_by_id[o["provider_id"]]
        tid = town_id[o["town"]]
        mode = x.get("mode", mode_from_facts(o["mode"]))
        schedule = x.get("schedule", o["schedule"])
        cost = x.get("cost", o["cost"])
        tg = x.get("tg", o["target_group"])
        if "integration-course" in cats:
            tg = with_ik_note(tg)
        if "free" in x:
            free = x["free"]
        elif o["id"] in ("o-009", "o-031"):
            # o-009: the placement test is billed to the BAMF; o-031: state school, no tuition.
            free = True
        else:
            free = bool(re.search(r"kostenlos|kostenfrei", cost))
        childcare = x.get("childcare", str(o.get("childcare") or "").startswith("ja"))
        offers.append({
            "id": o["id"],
            "categories": cats,
            "providerId": o["provider_id"],
            "townId": tid,
            "title": {"de": x.get("title_de", o["title_de"]), "en": x.get("title_en", o["title_en"])},
            "summary": {"de": x["s_de"], "en": x["s_en"]},
            "address": resolve_address(o["id"], x.get("address"), provider, tid, mode),
            "schedule": schedule,
            "cost": cost,
            "free": free,
            "levels": x.get("levels", []),
            "childcare": childcare,
            "womenOnly": x.get("women", o["category"] == "mia"),
            "evening": check_evening(o["id"], x.get("evening"), schedule),
            "mode": mode,
            "instructionLanguages": x.get("langs", languages_from_facts(o["languages"])),
            "targetGroup": tg,
            "contact": x.get("contact", contacts[o["provider_id"]]),
            "url": x.get("url", https_or_none(provider["website"])),
            "validUntil": x.get("valid", default_valid(cats)),
            "sample": o["sample"],
            "source": o["source_note"],
        })
    return offers


def build_new_offers(taxonomy, providers_by_id, contacts, facts_providers):
    order = [c["id"] for c in taxonomy["categories"]]
    offers = []
    for x in NEW_OFFERS:
        oid = x["id"]
        provider = providers_by_id[x["provider"]]
        cats = sort_categories(x["cats"], order)
        mode = x.get("mode", "onsite")
        tg = x["tg"]
        if "integration-course" in cats:
            tg = with_ik_note(tg)
        source = ("Beispielangebot (illustrativ), Anbieter-Fakten aus "
                  + facts_providers[x["provider"]]["source"])
        if x.get("facts_src"):
            source += " ; Regeln/Format: " + x["facts_src"]
        offers.append({
            "id": oid,
            "categories": cats,
            "providerId": x["provider"],
            "townId": x["town"],
            "title": {"de": x["title_de"], "en": x["title_en"]},
            "summary": {"de": x["s_de"], "en": x["s_en"]},
            "address": resolve_address(oid, x.get("address"), provider, x["town"], mode),
            "schedule": x["schedule"],
            "cost": x["cost"],
            "free": x["free"],
            "levels": x.get("levels", []),
            "childcare": x.get("childcare", False),
            "womenOnly": x.get("women", False),
            "evening": check_evening(oid, x.get("evening"), x["schedule"]),
            "mode": mode,
            "instructionLanguages": x.get("langs", ["de"]),
            "targetGroup": tg,
            "contact": x.get("contact", contacts[x["provider"]]),
            "url": x.get("url", https_or_none(provider["website"])),
            "validUntil": x.get("valid", default_valid(cats)),
            "sample": True,
            "source": source,
        })
    return offers


def main():
    taxonomy = load_json(os.path.join(SHARED, "taxonomy.json"))
    facts = load_json(os.path.join(SHARED, "data", "mittelsachsen_facts.json"))

    town_id = {t["name"]: t["id"] for t in taxonomy["towns"]}
    missing = [t["name"] for t in facts["towns"] if t["name"] not in town_id]
    if missing:
        raise SeedError(f"facts towns without taxonomy id: {missing}")

    categories = build_categories(taxonomy)
    towns = build_towns(taxonomy)
    providers = build_providers(facts, town_id)
    providers_by_id = {p["id"]: p for p in providers}
    contacts = {pid: PROVIDERS[pid]["contact"] for pid in PROVIDERS}
    facts_providers = {p["id"]: p for p in facts["providers"]}

    offers = build_fact_offers(facts, taxonomy, town_id, providers_by_id, contacts)
    offers += build_new_offers(taxonomy, providers_by_id, contacts, facts_providers)
    offers.sort(key=lambda o: o["id"])

    os.makedirs(OUT, exist_ok=True)
    for name, data in (("categories.json", categories), ("towns.json", towns),
                       ("providers.json", providers), ("offers.json", offers),
                       ("answers.json", ANSWERS)):
        path = write_json(name, data)
        print(f"wrote {os.path.relpath(path, ROOT)}: {len(data)} records")


if __name__ == "__main__":
    try:
        main()
    except SeedError as err:
        print(f"build-seed: {err}", file=sys.stderr)
        sys.exit(1)
