"""One-off conversion of the seeds into texts/*.md, kept for provenance.

usage: python tools/make_texts_from_seeds.py   (reads ../shared/seeds next to the repository)
Only site furniture is dropped; every other line is kept verbatim and marked up with the
tiny Markdown subset (headings, quotes, captions).
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
OUT = REPO / "texts"

def paras(name):
    t = next(SEEDS.glob(name + "_*.txt")).read_text(encoding="utf-8")
    return [ln.strip() for ln in t.split("\n") if ln.strip()]

def build(front, lines, marks, drop_from=None, drop=()):
    out = []
    seen_drop = False
    for i, ln in enumerate(lines):
        if drop_from and ln.startswith(drop_from):
            seen_drop = True
        if seen_drop and not any(ln.startswith(k) for k in marks.get("keep_after", ())):
            continue
        if ln in drop:
            continue
        kind = None
        for k, prefixes in marks.items():
            if k == "keep_after":
                continue
            for p in prefixes:
                if isinstance(p, tuple):
                    p, idx = p
                    if ln.startswith(p) and i == idx:
                        kind = k
                elif ln.startswith(p):
                    kind = k
        if kind == "h1":
            out.append("# " + ln)
        elif kind == "h2":
            out.append("## " + ln)
        elif kind == "quote":
            out.append("> " + ln)
        elif kind == "caption":
            out.append("*" + ln + "*")
        else:
            out.append(ln)
    return front.strip() + "\n\n" + "\n\n".join(out) + "\n"

# --- 000 -------------------------------------------------------------------
l0 = paras("000")
front0 = '''---
id: soft-resistance-explainer
title: "What is ‘soft resistance’? Hong Kong officials vow to take a hard line against it, but provide no definition"
authors: []  # the text names no author; the photo credit is Candice Chau/HKFP
publisher: Hong Kong Free Press (HKFP)
published: 2023-08-05  # "published in Hong Kong Free Press (HKFP) on August 5, 2023"
republished_by: Global Voices
original: "Hong Kong Free Press (HKFP), August 5, 2023"
languages: [en]
source: 000_37e7b8ac9e5139c5.txt
removed:
  - "comment form heading: “Start the conversation”"
  - "login prompt: “Authors, please log in »”"
  - "comment moderation rules (two bullet points)"
---'''
marks0 = {
    "h1": [("What is ‘soft resistance’? Hong Kong", 0)],
    "caption": ["The sedition case of children illustration book series"],
    "h2": ["What is ‘soft resistance?’", "When did the Hong Kong government start", "Alleged acts of ‘soft resistance’", "Criticism and response", ("Article 23", None)],
    "quote": ["Therefore, we must remain vigilant", "Also, ideologies endangering", "While it may seem to be harmless", "When faced with such erroneous", "I am unaware that these things", "If you agree with us, then okay"],
}
# "Article 23" heading is the line that is exactly "Article 23"
marks0["h2"] = [p for p in marks0["h2"] if not isinstance(p, tuple)]
idx_a23 = l0.index("Article 23")
marks0["h2"].append(("Article 23", idx_a23))
t0 = build(front0, l0, marks0, drop_from="Start the conversation")
(OUT / "soft-resistance-explainer.md").write_text(t0, encoding="utf-8")

# --- 001 -------------------------------------------------------------------
l1 = paras("001")
front1 = '''---
id: paul-lam-soft-resistance
title: "“Soft resistance” involves false statements, says Secretary for Justice Paul Lam"
title_note: "The seed has no headline; this title is an editorial one taken from the report's first sentence."
authors: [Hillary Leung]  # from the author note at the end of the report
publisher: Hong Kong Free Press (HKFP)
# published: not stated. The report says the interviews were "published on Monday, the fifth
# anniversary of the Beijing-imposed national security law" (see annotations/timeline.yaml).
languages: [en]
source: 001_3777402a8438f7a6.txt
removed:
  - "membership promotion (“members promo splash”, “Safeguard press freedom…”, HK$ amount fields, “Members of HK$150/month unlock 8 benefits…”)"
  - "site footer links (Support HKFP | Policies & Ethics | Error/typo? | Contact Us | Newsletter | Transparency & Annual Report | Apps)"
  - "trust and membership badges (The Trust Project, Journalist Trust Initiative, Society of Publishers in Asia, International Press Institute, Oxfam Living Wage Employer)"
  - "app store and payment badges (Google Play, Apple, payment methods)"
  - "two embedded “YouTube video” placeholders"
---'''
furniture1 = ["members promo splash", "Support HKFP", "Safeguard press freedom", "HK$", "Members of HK$150",
              "The Trust Project", "Journalist Trust Initiative", "Society of Publishers in Asia", "International Press Institute",
              "Oxfam Living Wage", "Google Play", "hkfp app Apple", "hkfp payment methods", "YouTube video"]
l1 = [ln for ln in l1 if not any(ln == f or ln.startswith(f) for f in furniture1)]
marks1 = {
    "caption": ["Secretary for Justice Paul Lam speaks", "Secretary for Justice Paul Lam. File photo", "National security law stock",
                "A national security law poster.", "China's national flags fill", "China’s national flags fill",
                "Hillary Leung is a journalist", "Born and raised in Hong Kong, Hillary"],
    "h2": ["‘Different views’ still allowed"],
}
t1 = build(front1, l1, marks1)
(OUT / "paul-lam-soft-resistance.md").write_text(t1, encoding="utf-8")

# --- 002 -------------------------------------------------------------------
l2 = paras("002")
front2 = '''---
id: recognizing-each-others-struggles
title: "Recognizing each others’ struggles: Chinese leftists against political repression"
subtitle: "On diasporic internationalism in Hong Kong and China's interlinked struggles"
authors: []  # a collective statement; the text names no individual author
publisher: Lausan  # "Photo: Alex Yun for Lausan"
republished_by: Lausan
original: "LCSA (“Originally published by LCSA. Republished with permission.”)"
languages: [en, zh-Hans, zh-Hant]
source: 002_d096c9044781a046.txt
removed: []  # the seed has no site furniture
---'''
wf = "We are fighting globalised systems of oppression in which the Chinese state is thoroughly complicit and offers no better alternative."
woc = "Without confronting the patriarchal Han chauvinist and capitalist domination of minority ethnic groups in China, a social movement about China’s political future cannot be truly liberatory."
marks2 = {
    "caption": ["Photo: Alex Yun for Lausan"],
    "h1": ["Recognizing each others’ struggles"],
    "h2": ["A new wave of repression", "Demands from the diaspora", "Connecting our struggles", "The possibilities of internationalism and diaspora", "反抗香港和中国政治压迫的声明"],
    "quote": [(woc, l2.index(woc)), (wf, len(l2) - 1 - l2[::-1].index(wf))],
}
# exact-line pull quotes only
t2 = build(front2, l2, marks2)
(OUT / "recognizing-each-others-struggles.md").write_text(t2, encoding="utf-8")
