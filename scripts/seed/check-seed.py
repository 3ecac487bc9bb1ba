#!/usr/bin/env python3
"""Quality checks for the committed seed catalogue in data/seed/ (stdlib only).

Reads only data/seed/*.json, so it can run anywhere the repository is checked out.
Exit code 0 = all checks passed; 1 = at least one error (each is printed).

Usage:  python3 scripts/seed/check-seed.py
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.normpath(os.path.join(HERE, "..", "..", "data", "seed"))
TODAY = date(2026, 11, 27)  # reference date of this seed build

SCHEMA = {
    "categories": ["id", "name", "description"],
    "towns": ["id", "name", "postcode", "lat", "lon", "kind"],
    "providers": ["id", "name", "type", "townId", "address", "phone", "email", "website",
                  "description", "counselling", "source"],
    "offers": ["id", "categories", "providerId", "townId", "title", "summary", "address",
               "schedule", "cost", "free", "levels", "childcare", "womenOnly", "evening", "mode",
               "instructionLanguages", "audiences", "targetGroup", "contact", "url", "validUntil", "sample",
               "source"],
    "answers": ["id", "category", "questions", "answer", "followUps", "source"],
}
MAIN_TOWNS = ("freiberg", "doebeln", "mittweida")
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
LANGUAGE_CATS = {"integration-course", "job-language-course", "german-course", "literacy",
                 "language-meetup", "university", "adult-education"}
# The only phone numbers the facts file gives; anything else would be invented.
ALLOWED_PHONES = {"03731 799-3600", "03731 799-1491", "03737 4931-0"}
# Abbreviations that end in a dot but do not end a sentence (for the sentence counter).
ABBREV = ["z. B.", "u. a.", "v. a.", "i. d. R.", "d. h.", "bzw.", "ca.", "Abs.", "inkl.", "Std.",
          "e.V.", "gGmbH.", "Nr.", "Sa.", "e.g.", "i.e.", "etc.", "approx.", "Mon.", "Tue.",
          "Wed.", "Thu.", "Fri.", "Tel.", "ggf.", "evtl.", "usw.", "sog.", "vgl.", "ehem.", "St."]

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def load(name):
    path = os.path.join(SEED, f"{name}.json")
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    data = json.loads(raw)
    if raw != json.dumps(data, ensure_ascii=False, indent=2) + "\n":
        err(f"{name}.json is not canonical (2-space indent, UTF-8, trailing newline)")
    return data


def sentences(text):
    t = text
    for ab in ABBREV:
        t = t.replace(ab, ab.replace(".", ""))
    t = re.sub(r"(\d)\.(\d)", r"\1\2", t)          # 2.29, 1.000
    t = re.sub(r"\b(\d{1,2})\.(\s?\d{1,2})\.", r"\1 \2 ", t)  # 09.02.2026, 1. Geburtstag
    t = re.sub(r"\b\d{1,2}\.\s", " ", t)            # "1. Dienstag"
    parts = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„'\"(])", t.strip()) if p.strip()]
    return len(parts)


def nonempty_bilingual(obj, where):
    if not isinstance(obj, dict):
        err(f"{where}: expected {{de, en}}")
        return
    for lang in ("de", "en"):
        v = obj.get(lang)
        if not isinstance(v, str) or not v.strip():
            err(f"{where}.{lang} is empty")


def check_keys(kind, rec):
    keys = list(rec.keys())
    if keys != SCHEMA[kind]:
        err(f"{kind} {rec.get('id')}: keys {keys} != schema {SCHEMA[kind]}")


def unique_ids(kind, records):
    dup = [i for i, n in Counter(r["id"] for r in records).items() if n > 1]
    if dup:
        err(f"{kind}: duplicate ids {dup}")


def all_strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from all_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from all_strings(v)


def main():
    data = {}
    for name in SCHEMA:
        try:
            data[name] = load(name)
        except (OSError, json.JSONDecodeError) as e:
            err(f"{name}.json does not load: {e}")
    if errors:
        return report({})
    cats, towns, providers, offers, answers = (data[k] for k in SCHEMA)

    for kind in SCHEMA:
        unique_ids(kind, data[kind])
        for rec in data[kind]:
            check_keys(kind, rec)

    cat_ids = {c["id"] for c in cats}
    town_ids = {t["id"] for t in towns}
    prov_ids = {p["id"] for p in providers}
    answer_ids = {a["id"] for a in answers}

    # ---------------------------------------------------------------- categories, towns
    if len(cats) != 13:
        err(f"expected 13 categories, found {len(cats)}")
    for c in cats:
        nonempty_bilingual(c["name"], f"category {c['id']}.name")
        nonempty_bilingual(c["description"], f"category {c['id']}.description")
    if len(towns) != 51:
        err(f"expected 51 towns, found {len(towns)}")
    for t in towns:
        if not re.fullmatch(r"\d{5}", t["postcode"]):
            err(f"town {t['id']}: bad postcode {t['postcode']!r}")
        if not (50.6 < t["lat"] < 51.3 and 12.6 < t["lon"] < 13.7):
            err(f"town {t['id']}: coordinates outside Mittelsachsen")

    # ---------------------------------------------------------------- providers
    if len(providers) != 35:
        err(f"expected 35 providers, found {len(providers)}")
    for p in providers:
        if p["townId"] not in town_ids:  # NOT NULL REFERENCES towns(id) in the catalogue DB
            err(f"provider {p['id']}: unknown townId {p['townId']}")
        nonempty_bilingual(p["description"], f"provider {p['id']}.description")
        if not isinstance(p["counselling"], bool):
            err(f"provider {p['id']}: counselling must be boolean")
        if p["website"] is not None and not re.match(r"https?://", p["website"]):
            err(f"provider {p['id']}: website must be a full URL")
        for f in ("name", "type", "address", "source"):
            if not p[f].strip():
                err(f"provider {p['id']}: empty {f}")

    # ---------------------------------------------------------------- offers
    if len(offers) < 130:
        err(f"only {len(offers)} offers (need >= 130)")
    titles_per_town = defaultdict(Counter)
    cover = defaultdict(set)
    for o in offers:
        oid = o["id"]
        if not re.fullmatch(r"o-\d{3}", oid):
            err(f"{oid}: id must look like o-001")
        if o["providerId"] not in prov_ids:
            err(f"{oid}: unknown providerId {o['providerId']}")
        if o["townId"] not in town_ids:
            err(f"{oid}: unknown townId {o['townId']}")
        if not o["categories"]:
            err(f"{oid}: no categories")
        for c in o["categories"]:
            if c not in cat_ids:
                err(f"{oid}: unknown category {c}")
            cover[c].add(o["townId"])
        nonempty_bilingual(o["title"], f"{oid}.title")
        nonempty_bilingual(o["summary"], f"{oid}.summary")
        for lang in ("de", "en"):
            n = sentences(o["summary"][lang])
            if not 1 <= n <= 3:
                err(f"{oid}: summary.{lang} has {n} sentences (want 1-3)")
            titles_per_town[o["townId"]][o["title"][lang].casefold()] += 1
        for f in ("address", "schedule", "cost", "targetGroup", "contact", "source"):
            if not isinstance(o[f], str) or not o[f].strip():
                err(f"{oid}: empty {f}")
        for f in ("free", "childcare", "womenOnly", "evening", "sample"):
            if not isinstance(o[f], bool):
                err(f"{oid}: {f} must be boolean")
        if o["mode"] not in ("onsite", "online", "phone"):
            err(f"{oid}: bad mode {o['mode']}")
        if any(lv not in CEFR for lv in o["levels"]):
            err(f"{oid}: bad levels {o['levels']}")
        if o["levels"] != sorted(o["levels"], key=CEFR.index):
            err(f"{oid}: levels not in CEFR order")
        if o["levels"] and not LANGUAGE_CATS.intersection(o["categories"]):
            err(f"{oid}: levels set on a non-language offer")
        if not o["instructionLanguages"] or o["instructionLanguages"][0] != "de":
            err(f"{oid}: instructionLanguages must start with 'de'")
        if o["url"] is not None and not o["url"].startswith("https://"):
            err(f"{oid}: url must be https or null")
        if o["validUntil"] is not None:
            try:
                vu = date.fromisoformat(o["validUntil"])
                if vu < TODAY:
                    err(f"{oid}: validUntil {vu} is in the past")
            except ValueError:
                err(f"{oid}: bad validUntil {o['validUntil']!r}")
        if "integration-course" in o["categories"]:
            if "§ 44 Abs. 4" not in o["targetGroup"] or "09.02.2026" not in o["targetGroup"]:
                err(f"{oid}: integration course without admission-stop note in targetGroup")
            if re.search(r"(Jugend|Eltern|Frauen)-?[Ii]ntegrationskurs", o["title"]["de"]):
                err(f"{oid}: course type abolished on 07.12.2024")
        blob = " ".join(all_strings(o))
        if re.search(r"430\s*UE", blob):
            err(f"{oid}: mentions the outdated 430-UE intensive course")
        if "mia" in o["title"]["de"].lower() and not (o["womenOnly"] and o["free"]):
            err(f"{oid}: MiA course must be women-only and free")
        if o["sample"] and int(oid[2:]) >= 77 and not o["source"].startswith("Beispielangebot (illustrativ), Anbieter-Fakten aus "):
            err(f"{oid}: new sample offer without the standard source note")
    for town, cnt in titles_per_town.items():
        for title, n in cnt.items():
            if n > 1:
                err(f"title {title!r} appears {n}x in {town}")
    for c in cat_ids:
        need = ("freiberg", "mittweida") if c == "university" else MAIN_TOWNS
        for t in need:
            if t not in cover[c]:
                err(f"category {c} has no offer in {t}")
    towns_with_offers = {o["townId"] for o in offers}
    if len(towns_with_offers) < 10:
        err(f"only {len(towns_with_offers)} towns have offers (need >= 10)")

    # ---------------------------------------------------------------- answers
    if len(answers) < 45:
        err(f"only {len(answers)} answers (need >= 45)")
    for a in answers:
        aid = a["id"]
        if not re.fullmatch(r"a-[a-z0-9]+(-[a-z0-9]+)*", aid):
            err(f"{aid}: id must be kebab-case starting with 'a-'")
        if a["category"] not in cat_ids:
            err(f"{aid}: unknown category {a['category']}")
        for lang in ("de", "en"):
            qs = a["questions"].get(lang, [])
            if len(qs) < 4:
                err(f"{aid}: only {len(qs)} {lang} questions")
            if any(not q.strip() for q in qs):
                err(f"{aid}: empty {lang} question")
            if len({q.casefold() for q in qs}) != len(qs):
                err(f"{aid}: duplicate {lang} question")
            n = sentences(a["answer"].get(lang, ""))
            if not 2 <= n <= 5:
                err(f"{aid}: answer.{lang} has {n} sentences (want 2-5)")
        nonempty_bilingual(a["answer"], f"{aid}.answer")
        if len(a["followUps"]) > 3:
            err(f"{aid}: more than 3 followUps")
        for f in a["followUps"]:
            if f not in answer_ids:
                err(f"{aid}: followUp {f} does not exist")
            if f == aid:
                err(f"{aid}: follows up on itself")
        if not a["source"].strip() or "http" not in a["source"]:
            err(f"{aid}: source must name URL(s)")
    owners = defaultdict(set)
    for a in answers:
        for lang in ("de", "en"):
            for q in a["questions"][lang]:
                owners[q.casefold()].add(a["id"])
    for q, ids in owners.items():
        if len(ids) > 1:
            err(f"question {q!r} used by several answers: {sorted(ids)}")

    # ---------------------------------------------------------------- no invented phones
    for kind in ("providers", "offers", "answers"):
        for s in all_strings(data[kind]):
            for m in re.findall(r"\b0\d{3,4}[ /]\d{2,4}(?:[ -]\d{1,5})?", s):
                if m not in ALLOWED_PHONES:
                    err(f"{kind}: phone-like number {m!r} not from the facts file")

    return report(data)


def report(data):
    if data:
        offers, answers = data["offers"], data["answers"]
        per_cat = Counter(c for o in offers for c in o["categories"])
        per_town = Counter(o["townId"] for o in offers)
        print("counts:")
        for k in SCHEMA:
            print(f"  {k:<11} {len(data[k])}")
        print(f"  offers sample=true {sum(o['sample'] for o in offers)}, sample=false {sum(not o['sample'] for o in offers)}")
        print(f"  offers free {sum(o['free'] for o in offers)}, childcare {sum(o['childcare'] for o in offers)}, "
              f"womenOnly {sum(o['womenOnly'] for o in offers)}, evening {sum(o['evening'] for o in offers)}, "
              f"modes {dict(Counter(o['mode'] for o in offers))}")
        print(f"  towns with offers {len(per_town)}: " + ", ".join(f"{t} {n}" for t, n in per_town.most_common()))
        print("  offers per category: " + ", ".join(f"{c} {n}" for c, n in per_cat.most_common()))
        print(f"  answer questions: de {sum(len(a['questions']['de']) for a in answers)}, "
              f"en {sum(len(a['questions']['en']) for a in answers)}")
    for w in warnings:
        print(f"WARNING: {w}")
    if errors:
        for e in errors:
            print(f"ERROR: {e}")
        print(f"FAILED: {len(errors)} error(s)")
        return 1
    print("OK: all seed checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
