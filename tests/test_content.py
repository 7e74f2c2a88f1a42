"""The shipped default handbook: every seed regulation is there, facts carried over exactly,
simplified script, no web junk, and a new staff member finds the complaint procedure fast."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from generator.audience import for_edition
from generator.loader import load

from tests.helpers import REPO, read_search_index, run_handbook

SEEDS = REPO.parent / "shared" / "seeds"
SEED_FILES = {p.name[:3]: p for p in SEEDS.glob("*.txt")} if SEEDS.exists() else {}

# seed file + heading in the seed → regulation that encodes it (checked by hand against the seeds)
COVERAGE = [
    ("000", "客户中心管理制度 篇1", "qc-group"),
    ("000", "客户中心管理制度 篇2", "customer-center-7s"),
    ("000", "客户中心管理制度 篇3", "customer-file-management"),
    ("001", "公司客户部规章制度", "customer-dept-rules"),
    ("001", "客户服务部规章制度及规定", "cs-dept-rules-and-provisions"),
    ("001", "公司的客户管理规章制度", "customer-management-rules"),
    ("001", "客户服务部门的规章制度和职责", "cs-dept-rules-and-duties"),
    ("001", "客户服务部门的工作管理制度(通用10篇)", "cs-work-management"),
    ("001", "客服部管理规章制度(7篇)", "cs-dept-management"),
    ("001", "客服销售部规章制度(通用10篇)", "cs-sales-office-conduct"),
    ("001", "客户服务管理制度", "cs-management-system"),
    ("001", "客户服务管理制度", "cs-complaint-handling-guidelines"),
    ("001", "客户规章制度", "property-cs-dept-rules"),
    ("001", "客户规章制度", "sales-reception-rotation"),
    ("001", "客服部规章制度", "cs-dept-rules"),
    ("001", "公司客户管理制度", "purchasing-management"),
    ("001", "客户关系管理部客户关系管理与服务规章制度", "crm-dept-service-rules"),
    ("001", "公司管理规章制度之客户服务部门", "cs-dept-company-rules"),
    ("001", "大客户事业部管理制度", "key-account-division"),
    ("001", "公司管理规章制度之客户关系管理部门", "crm-dept-company-rules"),
    ("001", "公司管理规章制度之客户关系部门", "cr-dept-company-rules"),
    ("001", "客户开发部管理规章制度", "customer-development-dept"),
    ("001", "客户服务部员工行为规范管理制度", "cs-staff-conduct"),
    ("002", "客户中心现场管理管理办法", "customer-center-7s"),
    ("002", "客服现场管理制度及考核办法", "cs-center-site-discipline"),
    ("002", "公司现场售后安全管理制度", "after-sales-site-safety"),
    ("002", "客户服务系统运行管理办法", "power-95598-service-system"),
    ("002", "呼叫中心现场管理制度", "call-center-floor"),
    ("002", "大客户部规章制度", "key-account-dept-rules"),
    ("002", "客户管理管理办法范文", "customer-reception-levels"),
    ("002", "中石油昆仑燃气有限公司客户服务管理办法", "kunlun-gas-customer-service"),
    ("002", "银行客户服务中心规范化管理实施细则(试行)模版", "bank-cs-center-rules"),
    ("003", "客戶管理制度1", "complaint-handling"),
    ("003", "客戶管理制度3", "complaint-handling"),
    ("003", "客戶管理制度2", "customer-info-confidentiality"),
    ("003", "客戶管理制度4", "customer-issue-handling-principles"),
    ("003", "客戶管理制度5", "property-complaint-handling"),
    ("003", "客戶管理制度6", "complaint-service-rules"),
    ("003", "客戶管理制度7", "maintenance-electrician-duties"),
    ("003", "客戶管理制度8", "property-customer-archives"),
    ("003", "客戶管理制度10", "property-customer-archives"),
    ("003", "客戶管理制度9", "sample-request"),
    ("003", "客戶管理制度11", "repair-handling"),
    ("003", "客戶管理制度12", "new-supplier-selection"),
    ("003", "一、部門規章制度", "property-cs-dept-rules"),
    ("003", "二、客戶服務部主管巡檢制度", "cs-supervisor-inspection"),
    ("003", "三、客戶回訪制度", "property-customer-revisit"),
    ("003", "4、部門例會制度", "dept-regular-meetings"),
    ("003", "五、業戶物品出、入管理規定", "tenant-goods-in-out"),
    ("003", "六、保潔員行為規范", "cleaner-conduct"),
    ("003", "七、垃圾房管理規定", "garbage-room"),
    ("003", "八、空置單元的保潔養護規定", "vacant-unit-cleaning"),
    ("003", "九、收發報紙工作規定", "newspaper-distribution"),
    ("003", "十、保潔監管工作規定", "cleaning-supervision"),
    ("003", "十一、送餐工作監管規定", "catering-supervision"),
    ("003", "十二、固體廢棄物處理規定", "solid-waste-handling"),
    ("003", "十三、包裝容器回收管理規定", "packaging-recycling"),
    ("003", "十四、化糞池清掏管理規定", "septic-tank-cleanout"),
    ("003", "十五、隔油池清掏管理規定", "grease-trap-cleanout"),
    ("003", "客戶管理制度14", "customer-visit-reception"),
    ("003", "客戶管理制度15", "reception-management"),
    ("004", "集团客户管理制度", "group-customer-management"),
    ("004", "集团客户部内部管理制度", "group-customer-dept-internal"),
    ("004", "集团大客户部管理制度", "key-account-dept-management"),
    ("004", "集团客户分级管理制度", "group-customer-grading"),
    ("004", "集团大客户管理制度", "key-account-management"),
    ("004", "集团客户风险管理制度", "group-customer-risk-management"),
    ("004", "中建客户管理制度", "cscec-customer-management"),
    ("004", "钢铁集团市场部客户管理规定", "steel-market-customer-management"),
    ("004", "信贷集团客户管理制度", "credit-group-customer-management"),
    ("004", "集团工程客户管理制度", "engineering-customer-management"),
    ("004", "客户服务管理制度篇二", "property-visit-complaint-reception"),
    # passages without a heading of their own: the table quotes their opening words instead
    ("004", "第五章集团客户管理第一节总则", "cebbank-group-customer-credit"),
    ("004", "一、总则为了规范酒店集团客户管理", "hotel-group-customer-management"),
    ("004", "第一章总则第一条为加强集团客户管理,提高服务质量,保障公司利益", "unicom-group-customer-management"),
    ("004", "一、目的为规范集团客户档案管理工作", "customer-archive-management"),
]

FORMS_THE_REGULATIONS_NAME = [
    "客户抱怨处理表", "客户抱怨案件登记追踪表", "客诉案件统计表", "异常处理单", "销货折让证明单", "成品退货单",
    "催办单", "奖罚通知单", "客户投诉记录表", "客户月投诉统计表", "顾客投诉处理报告表", "客户意见处理表",
    "QC小组活动记录表", "维修单", "零修及时率统计表", "回访记录表", "客户参观申请书", "参观通知单", "携物出入门证",
    "空置单元清洁记录表", "客务部工作检查表", "客户信息保密风险评估表", "客户信息借阅、销毁记录表", "会议记录", "培训记录",
]

TRADITIONAL_ONLY = "處訴為與單檔戶門會議應質題關係務電話這個時們對發經營員條規劃辦歸屬據統計"


@pytest.fixture(scope="module")
def book():
    return load(REPO)


def page_text(build: Path, rel: str) -> str:
    html = (build / "site" / rel).read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    return " ".join(article.get_text(" ", strip=True).split())


needs_seeds = pytest.mark.skipif(not SEED_FILES, reason=f"the source documents are not at {SEEDS}: content checks skipped")


@needs_seeds
def test_every_seed_regulation_is_encoded(book):
    problems = []
    for seed, heading, regulation in COVERAGE:
        seed_text = re.sub(r"\s+", "", SEED_FILES[seed].read_text(encoding="utf-8"))
        if re.sub(r"\s+", "", heading) not in seed_text:
            problems.append(f"{seed} {heading}: the table quotes a heading or passage the seed does not have")
        elif regulation not in book.regulations:
            problems.append(f"{seed} {heading}: regulation '{regulation}' is missing")
        elif (seed, heading) not in {(s.seed[:3], s.heading) for s in book.regulations[regulation].sources}:
            problems.append(f"{seed} {heading}: '{regulation}' does not name this passage in its sources")
    assert not problems, problems
    assert {regulation for _, _, regulation in COVERAGE} == set(book.regulations)  # every regulation has its passage


def test_check_passes_with_zero_warnings():
    result = run_handbook("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 warning(s)" in result.stdout and result.stderr == ""


def test_topics_organise_the_navigation(default_build):
    nav = BeautifulSoup((default_build / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    tabs = [a.get_text(strip=True) for a in nav.select(".md-tabs__link")]
    assert tabs[:4] == ["首页", "制度", "我的职责", "时限一览"] and "入职培训" in tabs and "表单" in tabs
    # each page carries only the navigation around it (navigation.prune): a regulation page lists the topics
    reg = BeautifulSoup((default_build / "site/regulations/complaints/complaint-handling.html").read_text(encoding="utf-8"), "html.parser")
    labels = {el.get_text(strip=True) for el in reg.select(".md-nav__link")}
    for topic in ("组织与职责", "现场管理", "客户信息与档案", "客户分级", "投诉处理", "回访", "质量管理", "样品", "报修", "参观接待", "保密", "安全", "附录：行业专用制度"):
        assert topic in labels


@pytest.mark.parametrize(
    "page, facts",
    [
        ("regulations/complaints/complaint-handling.html", ["国内案件十五天内结案", "国外案件二十天内结案", "年度两位", "总经理室生产管理组", "《客户抱怨处理表》"]),
        ("forms/complaint-sheet.html", ["本表一式五联", "第一联 质量管理部存", "第二联 制造部门存", "第四联 送会计科存", "第五联 总经理室存"]),
        ("forms/sample-request.html", ["本表一式三份", "第三份 出门证"]),
        ("forms/goods-carry-pass.html", ["本表一式两联"]),
        ("forms/repair-order.html", ["本表一式三联", "第三联", "转财务部"]),
        ("regulations/quality/qc-group.html", ["每月不少于一次", "不得超过半年", "《QC小组活动记录表》", "综合部"]),
        ("regulations/complaints/property-complaint-handling.html", ["五清楚、一报告"]),
        ("glossary.html", ["7S", "PDCA循环", "QC小组", "首问负责制", "客诉"]),
    ],
)
def test_key_facts_are_on_the_site(default_build, page, facts):
    text = page_text(default_build, page)
    for fact in facts:
        assert fact in text, fact


def test_simplified_script_and_no_web_junk(default_build):
    index = read_search_index(default_build / "site")
    text = " ".join(doc[1] + doc[2] for doc in index["docs"])
    assert [c for c in TRADITIONAL_ONLY if c in text] == []
    for junk in ("相关文档", "最新文档", "文档页数", "格式:docx", "相关主题"):
        assert junk not in text


def test_every_named_form_exists_with_a_small_valid_pdf(default_build, book):
    titles = {f.title: f.id for f in book.forms.values()}
    for title in FORMS_THE_REGULATIONS_NAME:
        assert any(title in t for t in titles), title
    assert any("取样" in t and "出门审批单" in t for t in titles)
    staff = for_edition(book, "staff")  # the default build is the staff edition: managers' forms are not in it
    assert set(staff.forms) < set(book.forms)
    for form_id in staff.forms:
        pdf = default_build / "forms" / f"{form_id}.pdf"
        assert pdf.stat().st_size < 300_000, form_id
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0 and "WARNING" not in check.stdout, form_id
        with pikepdf.open(pdf) as doc:
            names = [str(f.T) for f in doc.Root.AcroForm.Fields]
            assert names and all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names), form_id
    for copies in (default_build / "forms").glob("*-copies.pdf"):
        assert copies.stat().st_size < 300_000


def test_new_staff_reaches_the_complaint_procedure_in_two_clicks(default_build, serve_dir, page):
    server = serve_dir(default_build / "site")
    page.goto(server.url + "/index.html")
    chooser = page.locator(".grid.cards li", has_text="客户投诉了，怎么办？")
    situations = chooser.locator("a").all_inner_texts()
    assert len(situations) >= 4 and any("物业" in s for s in situations) and any("酒店" in s for s in situations)
    chooser.get_by_role("link", name="接到客户投诉或纠纷：所有客服人员的处理要求").click()
    page.wait_for_load_state()
    assert page.url.endswith("/regulations/complaints/cs-complaint-handling-guidelines.html#p-complaint-handling-steps")
    page.goto(server.url + "/index.html")
    chooser.get_by_role("link", name="客户对工厂产品的质量提出申诉（客诉）").click()
    page.wait_for_load_state()
    assert page.url.endswith("/regulations/complaints/complaint-handling.html#p-complaint-process")
    page.screenshot(path=str(default_build / "complaint-procedure.png"))
    assert page.locator("figure.flowchart img").first.is_visible()
    assert page.locator("text=国内案件十五天内结案").first.is_visible()


def test_print_book_content_stays_inside_the_page_area(default_build):
    """Nothing but the page number is drawn in the bottom margin: a chart or table running off
    the page would put its words there (print.css: 18 mm bottom margin)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(default_build / "print/book.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    soup = BeautifulSoup(html, "html.parser")
    margin = 18 * 72 / 25.4
    offenders = []
    for number, page in enumerate(soup.select("page"), 1):
        height, width = float(page["height"]), float(page["width"])
        for word in page.select("word"):
            text = word.get_text()
            page_number = text.isdigit() or set(text) <= set("ivxl")  # front matter counts in roman
            if float(word["ymax"]) > height - margin + 2 and not page_number:
                offenders.append((number, text))
            if float(word["xmax"]) > width + 1:
                offenders.append((number, text))
    assert offenders == []


@needs_seeds
def test_the_text_is_our_own_wording():
    """No string shares a run of 30+ characters with the source documents (punctuation ignored,
    traditional script converted), except allow-listed names, titles and fixed enumerations."""
    from tests.verbatim import LIMIT, over_limit, runs

    bad = over_limit(runs())
    assert not bad, f"{len(bad)} strings copy {LIMIT}+ characters:\n" + "\n".join(
        f"{r.path} {r.where}: {r.length}: {r.shared}" for r in bad[:40]
    )
