#!/usr/bin/python3
"""check_render.py MODE FILE — checks a report rendered by tests/unit/test_render.c.

MODE is xlsx, xlsx-small, pdf, pdf-small, pdf-landscape or svg; the expected content is
the report that test_render.c builds. Exits 0 when every check passes; otherwise prints
each failed check and exits 1.
"""
import datetime
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


TITLE = "BÁO CÁO TIẾN ĐỘ PHÁT TRIỂN ĐẢNG VIÊN NĂM 2024"
HOSTILE = "Chi bộ khu phố 2 <script>alert(1)</script> & co"
PROGRESS_HEADERS = ["Tổ chức", "Chỉ tiêu giao", "Đã kết nạp", "Trong đó nữ", "Tỷ lệ đạt",
                    "Lần kết nạp gần nhất", "Chậm tiến độ"]
BIG_ROWS = 20000


def check_xlsx(path, big):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheets = ["Tổng hợp", "progress", "yoy", "funnel"] + (["members"] if big else [])
    expect(wb.sheetnames == sheets, f"sheet names {wb.sheetnames}")

    # The summary sheet: heading and facts, typed.
    s = wb["Tổng hợp"]
    rows = {r[0].value: r[1] for r in s.iter_rows(min_row=2) if r[0].value}
    expect(rows.get("Báo cáo") is not None and rows["Báo cáo"].value == TITLE, "title row")
    expect(rows.get("Tổ chức") is not None
           and rows["Tổ chức"].value == "Đảng bộ phường Vệ An (mã BN-P05)", "org row")
    d = rows.get("Tính đến ngày")
    expect(d is not None and d.value == datetime.datetime(2024, 4, 22)
           and d.number_format == "dd/mm/yyyy", "as-of date")
    m = rows.get("Tổng số đảng viên")
    expect(m is not None and m.value == 10968 and m.data_type == "n"
           and m.number_format == "#,##0", f"fact members {m and (m.value, m.number_format)}")
    p = rows.get("Tỷ lệ đảng viên nữ được kết nạp")
    expect(p is not None and abs(p.value - 67.2) < 1e-9 and p.number_format == '0.0"%"',
           "fact pct")
    expect(rows.get("Người lập báo cáo") is not None
           and rows["Người lập báo cáo"].value == "Nguyễn Thị Hường", "fact text")
    expect(s.freeze_panes == "A2", "summary frozen")

    # The progress table.
    t = wb["progress"]
    expect([c.value for c in t[1]] == PROGRESS_HEADERS, f"headers {[c.value for c in t[1]]}")
    expect(all(c.font.b for c in t[1]), "header bold")
    expect(t.freeze_panes == "A2", f"frozen pane {t.freeze_panes}")
    expect(t.auto_filter.ref == "A1:G5", f"autofilter {t.auto_filter.ref}")
    r2 = [c for c in t[2]]
    expect(r2[0].value == "Chi bộ khu phố 1", "org text")
    expect(r2[1].value == 12 and r2[1].data_type == "n" and r2[1].number_format == "#,##0",
           "target is a number shown #,##0")
    expect(abs(r2[4].value - 75.0) < 1e-9 and r2[4].number_format == '0.0"%"', "pct number")
    expect(r2[5].value == datetime.datetime(2024, 3, 15) and r2[5].number_format == "dd/mm/yyyy",
           f"date {r2[5].value}")
    expect(r2[6].value is None, "flag no is empty")
    r3 = [c.value for c in t[3]]
    expect(r3[0] == HOSTILE and r3[5] is None and r3[6] == "Có", f"row 3 {r3}")
    total = t[5]
    expect(total[0].value == "Tổng cộng" and all(c.font.b for c in total if c.value is not None),
           "total row bold")
    expect(not t[4][0].font.b, "data row not bold")
    expect(t.column_dimensions["A"].width >= len(HOSTILE), "org column fits its longest text")
    expect(t.column_dimensions["F"].width >= len("Lần kết nạp gần nhất"), "date column fits header")

    y = wb["yoy"]
    expect([c.value for c in y[1]] == ["Năm", "Kết nạp", "Chỉ tiêu giao"], "yoy headers")
    expect([c.value for c in y[6]] == ["2024", 54, None], f"yoy last row {[c.value for c in y[6]]}")

    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
        inline = 't="inlineStr"' in sheet
    if big:
        b = wb["members"]
        expect(b.max_row == BIG_ROWS + 1, f"members rows {b.max_row}")
        expect([c.value for c in b[1]] == ["Họ và tên", "Ngày kết nạp", "Số thẻ đảng viên"],
               "members headers")
        last = [c.value for c in b[BIG_ROWS + 1]]
        expect(last == ["Nguyễn Thị Hường 20000", datetime.datetime(2000, 1, 1)
                        + datetime.timedelta(days=20000 % 8000), 79020000], f"last row {last}")
        expect(b.freeze_panes == "A2" and b.auto_filter.ref == f"A1:C{BIG_ROWS + 1}",
               "members frozen and filtered")
        expect(inline, "constant-memory mode (inline strings) for the large workbook")
    else:
        expect(not inline, "shared strings for a small workbook")


def pdf_pages(path):
    info = run("pdfinfo", path)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    return pages, float(size.group(1)), float(size.group(2))


def render_all(path, n):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", "50", "-png", path, os.path.join(d, "p")], check=True)
        got = len(glob.glob(os.path.join(d, "p-*.png")))
    expect(got == n, f"pdftoppm rendered {got} pages of {n}")


def check_pdf(path, big):
    n, w, h = pdf_pages(path)
    expect(w < h and abs(w - 595.28) < 1, f"A4 portrait {w} x {h}")
    if big:
        expect(n > 100, f"20,000 rows take many pages, got {n}")
    else:
        expect(n >= 1, "pages")
    text = run("pdftotext", "-layout", path, "-")
    first = run("pdftotext", "-layout", "-f", "1", "-l", "1", path, "-")
    flat = " ".join(run("pdftotext", "-f", "1", "-l", "1", path, "-").split())
    for s in ["ĐẢNG BỘ PHƯỜNG VỆ AN", "ĐẢNG CỘNG SẢN VIỆT NAM",
              "Bắc Ninh, ngày 22 tháng 4 năm 2024", TITLE]:
        expect(s in first or s in flat, f"page 1 has {s!r}")
    # The committee is to the left of the Party's name on the same line.
    line = next((l for l in first.splitlines() if "ĐẢNG CỘNG SẢN VIỆT NAM" in l), "")
    expect(line.find("ĐẢNG BỘ PHƯỜNG VỆ AN") != -1
           and line.find("ĐẢNG BỘ PHƯỜNG VỆ AN") < line.find("ĐẢNG CỘNG SẢN"),
           f"heading line {line!r}")
    for s in ["Nguyễn Thị Hường", "Chỉ tiêu giao", "Tổng số đảng viên: 10.968",
              "Tỷ lệ đảng viên nữ được kết nạp: 67,2%", "Tiến độ thực hiện chỉ tiêu theo tổ chức",
              "Chi bộ Trường Tiểu học Vệ An", "15/03/2024", "75,0%", "Có",
              "<script>alert(1)</script>", "Kết nạp đảng viên theo năm so với chỉ tiêu",
              "Quần chúng theo bước của quy trình", "Tỷ lệ nữ trong số được kết nạp",
              "1.234 (100,0%)", "800 (64,8%)", "66,7% (6/9)", f"Trang 1/{n}", f"Trang {n}/{n}"]:
        expect(s in text, f"text has {s!r}")
    expect(text.count("Trang ") == n, f"one page number per page ({text.count('Trang ')})")
    # Numbers are right-aligned: the percentages of the progress table, 100,0% wider than
    # the others, end at the same x.
    bbox = run("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-")
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       bbox)
    pct = {w: (float(a), float(b)) for a, b, w in words if w in ("75,0%", "100,0%", "70,0%")}
    expect(len(pct) == 3 and max(b for a, b in pct.values()) - min(b for a, b in pct.values()) < 0.5
           and pct["100,0%"][0] < pct["75,0%"][0] - 2, f"percentages right-aligned: {pct}")
    if big:
        expect("Nguyễn Thị Hường 00001" in text and "Nguyễn Thị Hường 20000" in text
               and "79.020.000" in text, "first and last of the large table")
        # The header is repeated on the pages the large table runs onto.
        pages = text.split("\f")
        with_rows = [p for p in pages if "Nguyễn Thị Hường 1" in p]
        expect(with_rows and all("Họ và tên" in p and "Số thẻ đảng viên" in p for p in with_rows),
               "header repeated on every page of the large table")
    fonts = run("pdffonts", path)
    expect("LiberationSerif" in fonts and "LiberationSerif-Bold" in fonts
           and "LiberationSerif-Italic" in fonts, f"fonts {fonts}")
    render_all(path, n)


def check_pdf_landscape(path):
    n, w, h = pdf_pages(path)
    expect(w > h and abs(w - 841.89) < 1, f"A4 landscape {w} x {h}")
    text = run("pdftotext", "-layout", path, "-")
    for s in ["1.234.567", "1.234.573", "99,5%", "01/10/2020", "Trang 1/1"]:
        expect(s in text, f"text has {s!r}")
    render_all(path, n)


def check_svg(path):
    raw = open(path, encoding="utf-8").read()
    root = ET.fromstring(raw)
    ns = "{http://www.w3.org/2000/svg}"
    expect(root.tag == ns + "svg", "root is svg")
    expect(root.find(ns + "title").text == TITLE, "document title")
    desc = root.find(ns + "desc").text
    expect("Đảng bộ phường Vệ An" in desc and "22/04/2024" in desc, f"document desc {desc}")
    charts = [g for g in root.iter(ns + "g") if g.get("role") == "img"]
    expect(len(charts) == 3, f"three charts, got {len(charts)}")
    titles = [g.find(ns + "title").text for g in charts]
    expect(titles == ["Kết nạp đảng viên theo năm so với chỉ tiêu",
                      "Quần chúng theo bước của quy trình", "Tỷ lệ nữ trong số được kết nạp"],
           f"chart titles {titles}")
    for g in charts:
        expect(g.find(ns + "desc") is not None and g.find(ns + "desc").text, "chart desc")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    expect(len(ids) == len(set(ids)), "ids are unique")
    texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
    for s in ["2020", "2024", "209", "Kết nạp", "Chỉ tiêu giao", "Nguồn", "1.234 (100,0%)",
              "209 (16,9%)", "66,7% (6/9)", "75,0% (3/4)", HOSTILE,
              "Tỷ lệ nữ trong số được kết nạp"]:
        expect(s in texts, f"svg text {s!r}")
    expect("Tổng cộng" not in texts, "the total row is no bar")
    expect(not list(root.iter(ns + "script")) and "<script>" not in raw,
           "hostile text is escaped")
    expect("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in raw, "escaped form")
    # Print: nothing but black, greys and white.
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6})"', raw))
    expect(all(c[1:3] == c[3:5] == c[5:7] if len(c) == 7 else c[1] == c[2] == c[3]
               for c in colours), f"greys only: {colours}")
    # The bars chart's target line goes through the four years that have one.
    line = next(e for e in root.iter(ns + "polyline"))
    expect(len(line.get("points").split()) == 4, "target line points")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    {
        "xlsx": lambda: check_xlsx(path, True),
        "xlsx-small": lambda: check_xlsx(path, False),
        "pdf": lambda: check_pdf(path, True),
        "pdf-small": lambda: check_pdf(path, False),
        "pdf-landscape": lambda: check_pdf_landscape(path),
        "svg": lambda: check_svg(path),
    }[mode]()
    for f in failures:
        print(f"check_render.py {mode}: FAILED: {f}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
