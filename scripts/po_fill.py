"""Fill a freshly made English catalog from other catalogs (after merging branches).

When several branches each translated their own strings, their ``django.po`` files conflict.
Keep main's catalog during the merges, then::

    git show BRANCH:cchc/locale/en/LC_MESSAGES/django.po > /tmp/BRANCH.po   # for each branch
    CCHC_DEBUG=1 uv run cchc makemessages -line en --ignore=.venv --ignore=var
    python scripts/po_fill.py cchc/locale/en/LC_MESSAGES/django.po /tmp/*.po
    CCHC_DEBUG=1 uv run cchc compilemessages --ignore=.venv

Entries of the first catalog that are empty or fuzzy get the translation another catalog gives
(non-fuzzy, non-empty; the first one wins); the entries still missing are printed."""

import ast
import re
import sys


def parse(path):
    text = open(path, encoding="utf-8").read()
    entries = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        entries.append(lines)
    return text, entries


def fields(lines):
    flags = [line for line in lines if line.startswith("#,")]
    fuzzy = any("fuzzy" in f for f in flags)
    cur = None
    data = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": None, "plurals": {}}
    for line in lines:
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$', line)
        if m:
            key = m.group(1)
            cur = key
            val = ast.literal_eval(m.group(3))
            if key.startswith("msgstr["):
                data["plurals"][key] = val
            else:
                data[key] = val
        elif line.startswith('"') and cur:
            val = ast.literal_eval(line)
            if cur.startswith("msgstr["):
                data["plurals"][cur] += val
            else:
                data[cur] = (data[cur] or "") + val
    return data, fuzzy


def key(d):
    return (d["msgctxt"], d["msgid"], d["msgid_plural"])


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


known = {}
for path in sys.argv[2:]:
    _, entries = parse(path)
    for lines in entries:
        d, fuzzy = fields(lines)
        if d["msgid"] is None or fuzzy:
            continue
        if d["msgid_plural"] is not None:
            if all(d["plurals"].values()):
                known.setdefault(key(d), d)
        elif d["msgstr"]:
            known.setdefault(key(d), d)

text, entries = parse(sys.argv[1])
out, missing = [], []
for lines in entries:
    d, fuzzy = fields(lines)
    if d["msgid"] is None or d["msgid"] == "":
        out.append("\n".join(lines))
        continue
    empty = (not d["msgstr"]) if d["msgid_plural"] is None else not all(d["plurals"].values())
    if (empty or fuzzy) and key(d) in known:
        k = known[key(d)]
        new = []
        for line in lines:
            if line.startswith("#,"):
                rest = ", ".join(f for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy")
                if rest.strip():
                    new.append("#, " + rest.strip())
                continue
            if line.startswith("#|"):
                continue
            new.append(line)
        # drop old msgstr lines and append new
        body, i = [], 0
        skipping = False
        for line in new:
            if line.startswith("msgstr"):
                skipping = True
                continue
            if skipping and line.startswith('"'):
                continue
            skipping = False
            body.append(line)
        if d["msgid_plural"] is None:
            body.append("msgstr " + quote(k["msgstr"]))
        else:
            for pk in sorted(k["plurals"]):
                body.append(f"{pk} " + quote(k["plurals"][pk]))
        out.append("\n".join(body))
    else:
        if empty or fuzzy:
            missing.append(d["msgid"])
        out.append("\n".join(lines))
open(sys.argv[1], "w", encoding="utf-8").write("\n\n".join(out))
print(f"filled from {len(known)} known; still missing {len(missing)}")
for m in missing:
    print("  MISSING:", m[:100])
