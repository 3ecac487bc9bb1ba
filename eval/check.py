#!/usr/bin/env python3
"""Validate eval/questions.jsonl against /work/shared/taxonomy.json and print counts.

Usage: python3 eval/check.py [questions.jsonl] [taxonomy.json]
Exits non-zero on any error.
"""
import json, os, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
QFILE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "questions.jsonl")
TAX = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/taxonomy.json"

LANGS = ["de", "en", "uk", "ru", "ar", "fa"]
INTENTS = ["offers", "answer", "handoff", "greeting", "unknown"]
KEYS = {"id", "lang", "text", "intent", "cats", "town"}

tax = json.load(open(TAX, encoding="utf-8"))
CATS = [c["id"] for c in tax["categories"]]
TOWNS = {t["id"] for t in tax["towns"]}

errors, warnings, rows = [], [], []
seen_ids, seen_texts = set(), set()
with open(QFILE, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            errors.append(f"line {n}: empty line"); continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: bad JSON: {e}"); continue
        if not isinstance(q, dict) or set(q) != KEYS:
            errors.append(f"line {n}: keys must be exactly {sorted(KEYS)}"); continue
        where = f"line {n} ({q.get('id')})"
        if not isinstance(q["id"], str) or q["id"] in seen_ids:
            errors.append(f"{where}: id missing or duplicate")
        seen_ids.add(q["id"])
        if q["lang"] not in LANGS:
            errors.append(f"{where}: invalid lang {q['lang']!r}")
        elif not str(q["id"]).startswith(q["lang"] + "-"):
            warnings.append(f"{where}: id prefix does not match lang")
        if not isinstance(q["text"], str) or not q["text"].strip():
            errors.append(f"{where}: empty text")
        key = (q["lang"], str(q["text"]).strip().lower())
        if key in seen_texts:
            errors.append(f"{where}: duplicate text")
        seen_texts.add(key)
        if q["intent"] not in INTENTS:
            errors.append(f"{where}: invalid intent {q['intent']!r}")
        cats = q["cats"]
        if not isinstance(cats, list) or any(c not in CATS for c in cats) or len(set(cats)) != len(cats):
            errors.append(f"{where}: invalid cats {cats!r}")
        elif q["intent"] in ("offers", "answer") and not cats:
            errors.append(f"{where}: {q['intent']} needs at least one category")
        elif q["intent"] in ("greeting", "handoff", "unknown") and cats:
            errors.append(f"{where}: {q['intent']} must have cats []")
        if q["town"] is not None and q["town"] not in TOWNS:
            errors.append(f"{where}: invalid town {q['town']!r}")
        if q["town"] is not None and q["intent"] != "offers":
            warnings.append(f"{where}: town set on a non-offers question")
        rows.append(q)

# counts per language x intent
by = defaultdict(Counter)
for q in rows:
    by[q["lang"]][q["intent"]] += 1
print(f"{len(rows)} questions in {QFILE}\n")
print("lang  " + "".join(f"{i:>9}" for i in INTENTS) + "    total  offers-with-town")
for lang in LANGS:
    c = by[lang]
    off = [q for q in rows if q["lang"] == lang and q["intent"] == "offers"]
    wt = sum(1 for q in off if q["town"])
    print(f"{lang:<6}" + "".join(f"{c[i]:>9}" for i in INTENTS) + f"{sum(c.values()):>9}  {wt}/{len(off)}")

# per-category coverage (a question counts for each category it lists)
print("\ncategory coverage (offers+answer questions listing the category)")
print(f"{'category':<22}" + "".join(f"{l:>5}" for l in LANGS))
for cat in CATS:
    counts = [sum(1 for q in rows if q["lang"] == l and cat in q["cats"]) for l in LANGS]
    print(f"{cat:<22}" + "".join(f"{n:>5}" for n in counts))
    for l in ("de", "en"):
        if sum(1 for q in rows if q["lang"] == l and cat in q["cats"]) < 3:
            errors.append(f"coverage: {l} has fewer than 3 questions for {cat}")

# minimums for this set
for l in ("de", "en"):
    if sum(by[l].values()) < 70:
        errors.append(f"{l}: fewer than 70 questions")
    for i in ("greeting", "handoff", "unknown"):
        if by[l][i] < 3:
            errors.append(f"{l}: fewer than 3 {i} questions")
for l in ("uk", "ru", "ar", "fa"):
    if sum(by[l].values()) < 40:
        errors.append(f"{l}: fewer than 40 questions")
    for i in ("greeting", "handoff", "unknown"):
        if by[l][i] < 2:
            errors.append(f"{l}: fewer than 2 {i} questions")
    for cat in CATS:
        if sum(1 for q in rows if q["lang"] == l and cat in q["cats"]) < 2:
            errors.append(f"coverage: {l} has fewer than 2 questions for {cat}")

for w in warnings:
    print("WARNING:", w)
for e in errors:
    print("ERROR:", e)
print("\nOK" if not errors else f"\n{len(errors)} error(s)")
sys.exit(1 if errors else 0)
