"""Real files of each format, made with the libraries that write them (python-docx, reportlab
with the WenQuanYi font the browser tests use), for the library's tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# A ten-paragraph essay on a topic the seed corpus does not cover (a village's water supply).
TITLE = "乡村饮水安全工程中的群众工作"
SECTIONS = [
    (
        "一、摸清群众的用水需求",
        [
            "饮水安全工程开工之前，乡镇干部逐户走访，登记每一户的人口、水井和用水习惯，"
            "把群众最着急的吃水难问题摆在第一位。",
            "走访中发现，山腰上的十七户人家每天要挑水两个小时，这就是工程首先要解决的地方。",
        ],
    ),
    (
        "二、请群众参与管网选线",
        [
            "管网怎么走、水塔建在哪里，都请村民代表一起踏勘，村民熟悉山路和水源，"
            "他们提出的线路比图纸上的更省工。",
            "选线方案在村务公开栏张贴七天，收集意见二十三条，采纳了其中十九条。",
        ],
    ),
    (
        "三、用水管理交给村民自治",
        [
            "工程建成后成立用水户协会，水费标准由协会讨论决定，收支每季度公开一次。",
            "协会推选两名管水员，负责巡查管道和水表，群众有事直接找管水员，小问题当天解决。",
        ],
    ),
]


# A second topic, for a Word file beside the PDF.
TITLE_B = "老旧小区加装电梯中的群众工作"
SECTIONS_B = [
    (
        "一、先听低层住户的顾虑",
        [
            "加装电梯首先要征求全楼住户意见，一楼二楼的住户担心采光和噪音，社区干部上门逐条记录，"
            "逐条答复。",
            "设计单位按住户意见调整了井道位置，一楼住户的窗户不再被遮挡。",
        ],
    ),
    (
        "二、费用分摊由住户商量",
        [
            "费用按楼层高低分档分摊，方案由楼长召集住户三次协商后确定，全体住户签字同意。",
        ],
    ),
]
# The trainer's plain text from the browser walk-through (qunzhong_test.txt): a title line, then
# paragraphs of which two open with a short sentence led by 其次 / 最后 — body text, no headings.
GRID_TITLE = "网格员如何做好群众工作"
GRID_PARAGRAPHS = [
    "网格员是联系群众的最末梢。做好网格内的群众工作，首先要做到底数清、情况明。"
    "网格员每周至少入户走访两次，对独居老人每天电话问候一次。",
    "其次要建立网格议事会制度。网格议事会每月召开一次，由网格员召集，楼栋长和居民代表参加，"
    "商量解决停车难、垃圾分类等身边事。",
    "最后要做到件件有回音。群众反映的问题，网格员要在二十四小时内回应，能解决的当场解决，"
    "不能解决的及时上报街道。",
]
GRID_TEXT = "\n\n".join([GRID_TITLE, *GRID_PARAGRAPHS]) + "\n"
PAGE_HTML = """<!doctype html><html><head><title>社区工作的新方法 - 某某网</title></head><body>
<nav><a href='/'>首页</a> | <a href='/news'>新闻</a> | <a href='/about'>关于我们</a></nav>
<div class='ad'>广告：点击领取优惠券！</div>
<article><h1>社区工作的新方法</h1>
<p>社区是群众生活的家园，做好社区群众工作，要从群众最关心的小事做起，倾听群众的呼声。</p>
<h2>一、建立居民议事会</h2>
<p>居民议事会每月召开一次，由居民代表讨论小区的公共事务，让群众自己的事情自己商量着办。</p>
</article><footer>版权所有 © 某某网 2026 京ICP备00000000号</footer></body></html>"""


def essay_paragraphs() -> list[str]:
    return [p for _, ps in SECTIONS for p in ps]


def make_docx(title: str = TITLE, sections: list | None = None) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(title, level=0)
    for heading, paragraphs in sections or SECTIONS:
        d.add_heading(heading, level=1)
        for p in paragraphs:
            d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def make_pdf(
    pages: int = 3,
    text_layer: bool = True,
    password: str = "",
    title: str = TITLE,
    sections: list | None = None,
) -> bytes:
    """An essay over ``pages`` pages with a running header and page numbers; long paragraphs
    wrap over several lines as a layout engine would."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy", str(FONT), subfontIndex=0))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, encrypt=password or None)
    c.setTitle(title)
    width = 30  # characters per line

    def page_start(n: int) -> float:
        c.setFont("wqy", 9)
        c.drawString(60, 800, "乡镇工作培训讲义 · 内部资料")
        c.drawString(290, 40, f"- {n} -")
        c.setFont("wqy", 12)
        return 760

    if not text_layer:  # a scanned page: only a picture of text
        for _ in range(pages):
            c.setFillGray(0.2)
            for row in range(30):
                c.rect(60, 760 - 20 * row, 400, 8, fill=1, stroke=0)
            c.showPage()
        c.save()
        return out.getvalue()
    blocks = [(title, True)]
    for heading, paragraphs in sections or SECTIONS:
        blocks.append((heading, True))
        blocks += [(p, False) for p in paragraphs]
    per_page = -(-len(blocks) // pages)
    n = 0
    for i in range(0, len(blocks), per_page):
        n += 1
        y = page_start(n)
        for text, _ in blocks[i : i + per_page]:
            for k in range(0, len(text), width):
                c.drawString(60, y, text[k : k + width])
                y -= 20
            y -= 12
        c.showPage()
    c.save()
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx-shaped zip whose document.xml unpacks to 300 MiB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (300 << 20))
    return out.getvalue()
