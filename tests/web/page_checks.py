"""What every page must pass whoever reads it, checked in Chromium: it is no wider than the
screen, no field or text is squeezed out of shape, the browser reports no error, axe-core finds
no serious or critical accessibility violation, and the text a reader sees holds none of the
application's internal codes.

axe-core comes from npm (tests/web/axe/package.json, pinned by its package-lock.json;
scripts/test.sh runs `npm ci` there) and is loaded from node_modules, never from a CDN. It is
given to the browser as an init script (`add_init_script(path=...)`), which the pages' content
security policy does not apply to: a `<script>` tag added to the page would be refused by it.
"""

from __future__ import annotations

import re
from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "paritrana-demo"  # the demo accounts'
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
GRAVE = ("serious", "critical")  # the axe impacts a page may not have
# Minor rules the pages once broke and no longer do: checked too, so they stay fixed.
ALSO_CHECKED = ("empty-table-header",)


def _zone_codes() -> list[str]:
    """The zone codes with a hyphen ("jawa-bali"); the others are also the zones' names."""
    from paritrana.regions.packaged import zone_rows

    return sorted({row["zone_code"] for row in zone_rows() if "-" in row["zone_code"]})


def internal_codes() -> dict[str, re.Pattern[str]]:
    """The codes no reader should see, by what they are. Case-sensitive, and chosen so that
    no Indonesian word matches: "UCJ", "BPU" and "kab/kota" are words, "ucj", "bpu" and
    "kabkota" codes; an import kind followed by a dot is a file's name ("targets.csv")."""
    from paritrana.coverage.labels import STAGE_LABELS
    from paritrana.coverage.models.imports import ImportStatus
    from paritrana.engine.schemas import SCHEMAS

    def words(values) -> str:
        return "|".join(re.escape(value) for value in sorted(values))

    return {
        # sakernas_bekerja, ucj_pct, kepala_hadir... (not a file name such as active_counts.csv,
        # nor a source's repository such as cahyadsn/wilayah_boundaries in an attribution)
        "identifier": re.compile(r"(?<!/)\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.\w)"),
        "zone code": re.compile(rf"\b(?:{words(_zone_codes())})\b"),
        "contribution rule key": re.compile(r"\b(?:pu|bpu|jkp|jkk|jkm|jakon)\.[a-z_0-9]+"),
        "import kind": re.compile(rf"\b(?:{words(SCHEMAS)})\b(?!\.\w)"),
        "import status": re.compile(
            rf"\b(?:{words([s.value for s in ImportStatus] + list(STAGE_LABELS))})\b"
        ),
        "level code": re.compile(r"\bkabkota\b"),
        "criterion code": re.compile(r"\b(?:ucj|bpu)\b"),
        "field type": re.compile(r"\b(?:secret|choice|integer|decimal|string)\b"),
        "Django's own words": re.compile(
            r"Resolver404|Traceback|NoReverseMatch|DoesNotExist|MultiValueDictKeyError|"
            r"Page not found|Server Error"
        ),
    }


# The text a reader sees, without what the page marks as literal (<code>, <kbd>, <samp>): the
# column names of an input file are written as the file has them.
READER_TEXT = """() => {
  const literal = Array.from(document.querySelectorAll("code, kbd, samp"));
  const before = literal.map((element) => element.style.display);
  literal.forEach((element) => { element.style.display = "none"; });
  const text = document.body.innerText;
  literal.forEach((element, i) => { element.style.display = before[i]; });
  return text;
}"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        raise RuntimeError(
            "axe-core is not in the page: run `npm ci` in tests/web/axe (scripts/test.sh does)"
        )
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"axe {violation['id']} ({violation['impact']}): "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in GRAVE or violation["id"] in ALSO_CHECKED
    ]


def codes_in(text: str, codes: dict[str, re.Pattern[str]]) -> list[str]:
    found = []
    for what, pattern in codes.items():
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            found.append(f"{what} {match.group(0)!r} in '…{around}…'")
    return found


def settle(page) -> None:
    """Wait until the page has loaded and drawn its charts (Plotly draws after the load)."""
    page.wait_for_load_state("load")
    for plot in page.locator(".plot[data-figure]").all():
        plot.locator(".main-svg").first.wait_for(state="attached")


# Controls and text squeezed out of shape by the layout: a field narrower than a few letters
# (a grid whose other column took the width), or a text set one or two letters a line. The
# ranking page's "Putuskan ulang" form had both on a laptop (a 21 px reason box).
SQUEEZED = """() => {
  const found = [];
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  };
  const name = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : element.name ? "[name=" + element.name + "]" : "");
  const fields = "main select, main textarea, main input:not([type=hidden]):not([type=checkbox])"
    + ":not([type=radio]):not([type=file])";
  document.querySelectorAll(fields).forEach((element) => {
    const width = element.getBoundingClientRect().width;
    if (shown(element) && width < 48) found.push(`${name(element)} ${Math.round(width)} px wide`);
  });
  document.querySelectorAll("main *").forEach((element) => {
    const own = Array.from(element.childNodes)
      .filter((node) => node.nodeType === 3).map((node) => node.textContent).join("").trim();
    if (own.length < 12 || !shown(element)) return;
    const box = element.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(element).lineHeight) || 20;
    if (box.width < 32 && box.height > 4 * line) {
      found.push(`${name(element)} "${own.slice(0, 30)}" ${Math.round(box.width)} px wide, `
        + `${Math.round(box.height / line)} lines`);
    }
  });
  return found;
}"""


# A control in a table that scrolls sideways, beyond what its box shows: on a laptop the reader
# must scroll the table to reach it. The interview schedule's "Simpan kehadiran" sat there.
OUT_OF_REACH = """() => {
  const found = [];
  document.querySelectorAll("main .table-scroll, main .scroll").forEach((box) => {
    if (box.scrollWidth <= box.clientWidth + 1) return;
    const edge = box.getBoundingClientRect().right;
    const controls = box.querySelectorAll("button, select, textarea, input:not([type=hidden])");
    controls.forEach((control) => {
      const place = control.getBoundingClientRect();
      if (place.width > 0 && place.right > edge + 1) {
        const name = control.textContent.trim() || control.name || control.id || control.tagName;
        found.push(`${control.tagName.toLowerCase()} "${name.slice(0, 30)}"`);
      }
    });
  });
  return found;
}"""


# On a phone: a row's links, buttons and fields whose middle lies past the right edge of its
# sideways-scrolling box, unless the same link is also in view (a name that opens what its row's
# action opens). The secretariat's cycles had their pages there, a shortlist its Keluarkan
# forms, a candidate's evidence its Hapus, the teams page its "Bentuk tim": such tables are cards
# on a phone (table.cards). The assignment matrix, a grid by nature, keeps the candidate's
# column in view and is left out.
ROW_OUT_OF_REACH = """() => {
  const found = [];
  document.querySelectorAll("main .table-scroll, main .scroll").forEach((box) => {
    const table = box.querySelector("table");
    if (!table || table.id === "matrix") return;
    const edge = box.getBoundingClientRect().right;
    box.querySelectorAll("tbody tr").forEach((row) => {
      const all = [...row.querySelectorAll("a[href], button, input:not([type=hidden]), select")]
        .filter((item) => item.getBoundingClientRect().width > 0);
      const middle = (item) => {
        const place = item.getBoundingClientRect();
        return (place.left + place.right) / 2;
      };
      const seen = all.filter((item) => middle(item) <= edge);
      all.filter((item) => middle(item) > edge).forEach((item) => {
        const href = item.getAttribute("href");
        if (!href || !seen.some((other) => other.getAttribute("href") === href)) {
          found.push(`${table.id || table.className}: ${item.textContent.trim() || item.name}`);
        }
      });
    });
  });
  return [...new Set(found)];
}"""


def problems_of(page, codes: dict[str, re.Pattern[str]], *, axe: bool = True) -> list[str]:
    """Everything wrong with the page as shown now, each as one line. `axe`: False leaves out
    axe-core (the crawl's phone checks, but for each role's landing page: see page_crawl.py)."""
    settle(page)
    problems = []
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{scroll_width} px wide on a {width} px screen")
    problems += [f"squeezed: {what}" for what in page.evaluate(SQUEEZED)]
    if width >= 1000:  # a phone scrolls wide tables by design; a laptop should not need to
        problems += [f"out of reach: {what}" for what in page.evaluate(OUT_OF_REACH)]
    else:  # ...but what a row does is in reach (a card, or its name opens it)
        problems += [f"row out of reach: {what}" for what in page.evaluate(ROW_OUT_OF_REACH)]
    if axe:
        problems += serious_violations(page)
    text = page.title() + "\n" + page.evaluate(READER_TEXT)
    problems += codes_in(text, codes)
    return problems


class CheckedPage:
    """A browser context of its own at one screen size, axe-core loaded into every page, every
    request that leaves the site refused (conftest.keep_local) and the browser's errors kept:
    what the role tour and the crawl read with. `problems()` says everything wrong with the
    page shown, the errors since the last call included; `close()` fails if a page tried to
    reach the internet."""

    def __init__(self, browser, base_url: str, viewport: dict[str, int]):
        from tests.web.conftest import keep_local

        self.context = browser.new_context(base_url=base_url, locale="id-ID", viewport=viewport)
        self.base_url = base_url
        self.width = viewport["width"]
        self.outside = keep_local(self.context, base_url)
        self.console: list[str] = []
        self.codes = internal_codes()
        self.context.add_init_script(path=str(AXE_JS))
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda message: self.console.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.console.append(str(error)))

    def problems(self, *, axe: bool = True) -> list[str]:
        found = problems_of(self.page, self.codes, axe=axe)
        found += [f"console: {message}" for message in self.console]
        self.console.clear()
        return found

    def close(self) -> None:
        self.context.close()
        assert self.outside == [], f"the pages tried to reach the internet: {self.outside}"
