"""The handbook's data model: pydantic classes for every YAML file the editor writes.

Input: plain Python data read from YAML. Output: validated objects. References between
objects (role ids, form ids, article ids) are plain strings here; `linker` checks them.
The JSON Schema for editors is exported from these classes (`handbook schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .numerals import copies_count

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
               Field(description="Permanent identifier: lower-case ASCII letters, digits and '-'.")]
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def _tidy(text: str) -> str:
    """YAML folds a line break inside a long scalar into a space; between Chinese characters
    that space is an error, so it is removed (Latin words keep theirs). Control characters
    (an escaped "\\x01") have no place in a handbook and would break SVG and PDF output."""
    bad = _CONTROL.search(text)
    if bad:
        raise ValueError(f"control character U+{ord(bad.group()):04X} is not allowed in text")
    return _CJK_GAP.sub("", text)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_tidy)]
Prose = Annotated[str, AfterValidator(_tidy)]
RoleRef = Annotated[str, Field(description="Id of a role in docs/roles/*.yaml.")]
FormRef = Annotated[str, Field(description="Id of a form in forms/*.yaml.")]
ArticleRef = Annotated[str, Field(description="An article: 'article-id' inside the same regulation, or 'regulation-id#article-id' anywhere.")]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=False)


VISIBILITY = {"staff": "全体员工", "manager": "管理人员", "editor": "编辑"}  # widest first


class Restricted(Strict):
    """Something an edition may leave out: it is shown only to `visibility` and narrower audiences."""

    visibility: Literal["staff", "manager", "editor"] = Field(
        default="staff", description="Who may read it: staff (全体员工, default), manager (管理人员) or editor (编辑).")


# ---------------------------------------------------------------- registries

class Role(Strict):
    id: Id
    name: Text = Field(description="Name shown to staff, e.g. 客服专员.")
    kind: Literal["department", "post", "group"] = "post"
    aliases: list[Text] = Field(default_factory=list, description="Other names the sources use.")
    description: Prose = ""


class RolesFile(Strict):
    roles: list[Role]


class Term(Restricted):
    id: Id
    term: Text
    aliases: list[Text] = Field(default_factory=list)
    definition: Text
    see: list[ArticleRef] = Field(default_factory=list, description="Articles that use the term.")


class GlossaryFile(Strict):
    terms: list[Term]


class ChooserOption(Strict):
    situation: Text = Field(description="The situation as a staff member would put it.")
    regulation: Id
    procedure: Id | None = Field(default=None, description="The procedure of that regulation to open.")


class Chooser(Strict):
    """A question on the home page that leads to the right regulation for the situation."""

    question: Text = Field(description="e.g. 客户投诉了，怎么办？")
    options: list[ChooserOption] = Field(min_length=1)


class Topic(Strict):
    id: Id
    title: Text
    description: Prose = ""
    chooser: Chooser | None = None


class TopicsFile(Strict):
    topics: list[Topic]


class SearchSettings(Strict):
    """docs/search.yaml: how the site's search reads Chinese, kept by the regulation editor."""

    dictionary: list[Text] = Field(
        default_factory=list,
        description="Domain words kept whole when text and queries are split into words (客诉, 首问负责制, 7S).",
    )
    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = Field(
        default_factory=list,
        description="Groups of words staff use for the same thing: a query with one finds the others.",
    )
    stopwords: list[Text] = Field(
        default_factory=list, description="Words a query may contain that say nothing about the subject (吗, 怎么, 能不能).",
    )


# ---------------------------------------------------------------- regulation body


class Clause(Restricted):
    """A numbered clause (一)(二)… of an article, optionally with items 1. 2. …"""

    text: Text
    items: list[Text] = Field(default_factory=list)


class Article(Restricted):
    id: Id = Field(description="Permanent id; the displayed 第X条 is derived from position.")
    title: Prose = Field(default="", description="Short heading, e.g. 目的.")
    text: Prose = ""
    clauses: list[Union[Text, Clause]] = Field(default_factory=list)
    note: Prose = Field(default="", description="Editorial note: a gap or doubt in the source.")


class Chapter(Restricted):
    title: Text
    articles: list[Article]


class Duty(Restricted):
    role: RoleRef
    tasks: list[Text]
    article: ArticleRef | None = None


class Step(Restricted):
    actor: RoleRef
    action: Text
    deadline: Prose = ""
    form: FormRef | None = None
    article: ArticleRef | None = None


class Procedure(Restricted):
    id: Id
    title: Text
    description: Prose = ""
    steps: list[Step] = Field(min_length=1)


class Deadline(Restricted):
    what: Text = Field(description="The task that has a time limit.")
    limit: Text = Field(description="The limit as staff read it, e.g. 十五天内结案.")
    days: Annotated[float, Field(ge=0, le=36600, allow_inf_nan=False)] | None = Field(
        default=None, description="The limit in days, for sorting (hours: fractions)."
    )
    role: RoleRef | None = None
    article: ArticleRef | None = None


class Sanction(Restricted):
    kind: Literal["reward", "penalty"]
    condition: Text
    consequence: Text
    article: ArticleRef | None = None


ChangeClass = Literal["substantive", "editorial"]


class ArticleHistory(Strict):
    """What one edition changed in one article, when that differs from the whole entry."""
    article: Id = Field(description="Id of the article (in this regulation).")
    summary: Prose = ""
    effective: dt.date | None = Field(default=None, description="Date this article's change takes effect.")
    change: ChangeClass | None = Field(default=None, description="Declared class; `handbook check` compares it with the detected one.")


class HistoryEntry(Strict):
    """One revision: which edition published it, when it was issued and took effect, what it did."""
    version: Text
    edition: Text | None = Field(default=None, description="The edition (git tag, e.g. v2025.1) that published this revision.")
    date: dt.date | None = Field(default=None, description="Date issued; leave out when the source gives none.")
    effective: dt.date | None = Field(default=None, description="Date it takes effect; leave out when the source gives none.")
    change: ChangeClass | None = Field(default=None, description="substantive (实质性修订) or editorial (文字性修改), checked.")
    summary: Text
    articles: list[ArticleHistory] = Field(default_factory=list, description="Per-article changes, optional.")


class SourceRef(Strict):
    seed: Text = Field(description="Seed file name the content was drawn from.")
    heading: Annotated[str, StringConstraints(min_length=1)] = Field(description="The heading as the source prints it.")


class Question(Restricted):
    """A quiz question, kept in the regulation it tests and tied to the article that answers it."""

    id: Id
    type: Literal["single", "multiple", "truefalse"]
    question: Text
    options: list[Text] = Field(default_factory=list, description="Choices A, B, C… (not for truefalse).")
    answer: str | bool = Field(description="Letters of the right options ('B', 'AC'), or true/false.")
    article: ArticleRef
    explanation: Text

    @model_validator(mode="after")
    def answer_fits_type(self) -> "Question":
        if self.type == "truefalse":
            if not isinstance(self.answer, bool) or self.options:
                raise ValueError("a truefalse question has no options and answer: true or false")
            return self
        if isinstance(self.answer, bool) or len(self.options) < 2:
            raise ValueError("a choice question needs at least two options and answer letters such as 'B' or 'AC'")
        letters = [chr(ord("A") + i) for i in range(len(self.options))]
        answer = self.answer.strip().upper()
        if not answer or any(c not in letters for c in answer) or len(set(answer)) != len(answer):
            raise ValueError(f"answer '{self.answer}' must use the option letters {''.join(letters)}")
        if self.type == "single" and len(answer) != 1:
            raise ValueError("a single-choice question has exactly one answer letter")
        if self.type == "multiple" and len(answer) < 2:
            raise ValueError("a multiple-choice question has at least two answer letters")
        self.answer = "".join(sorted(answer))
        return self


class Regulation(Restricted):
    id: Id
    code: Text | None = Field(default=None, description="Document code, e.g. KF-ZD-001; leave out when the source gives none.")
    title: Text
    topic: Id = Field(description="Id of a topic in docs/topics.yaml.")
    status: Literal["draft", "in_force", "repealed"] = "in_force"
    version: Text = "1.0"
    effective: dt.date | None = Field(default=None, description="Date it takes effect; leave out when the source gives none.")
    review_by: dt.date | None = Field(default=None, description="Review by this date (复审日期).")
    review_cycle: Annotated[int, Field(ge=1, le=120)] | None = Field(default=None, description="Review every N months (复审周期).")
    owner: RoleRef | None = Field(default=None, description="Department that owns the regulation; leave out when the source does not say.")
    interpreter: RoleRef | None = Field(default=None, description="Department that interprets it.")
    approver: RoleRef | None = Field(default=None, description="Who approved it; leave out when the source does not say.")
    audience: list[RoleRef] = Field(default_factory=list)
    summary: Prose = ""
    chapters: list[Chapter] = Field(min_length=1)
    duties: list[Duty] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    sanctions: list[Sanction] = Field(default_factory=list)
    forms: list[FormRef] = Field(default_factory=list, description="Forms the regulation names.")
    terms: list[Id] = Field(default_factory=list, description="Glossary terms it uses.")
    related: list[Id] = Field(default_factory=list, description="Related regulations.")
    history: list[HistoryEntry] = Field(default_factory=list)
    quiz: list[Question] = Field(default_factory=list, description="Questions that test this regulation.")
    editor_notes: list[Text] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)

    def articles(self) -> list[Article]:
        return [article for chapter in self.chapters for article in chapter.articles]

    def order(self) -> tuple:
        """Lists show regulations by document code; those without one after, by id."""
        return (self.code is None, self.code or "", self.id)


# ---------------------------------------------------------------- training


class Reading(Strict):
    """One item of a reading list: a whole regulation or a single article."""

    regulation: Id | None = None
    article: ArticleRef | None = Field(default=None, description="'regulation-id#article-id'.")
    note: Prose = Field(default="", description="Why this matters for the role.")

    @model_validator(mode="after")
    def one_target(self) -> "Reading":
        if (self.regulation is None) == (self.article is None):
            raise ValueError("give either regulation or article, not both")
        return self


class Track(Strict):
    id: Id
    title: Text
    role: RoleRef | None = Field(default=None, description="Role the track prepares; none for everyone.")
    description: Prose = ""
    readings: list[Reading] = Field(min_length=1)
    quiz: list[ArticleRef] = Field(
        default_factory=list,
        description="Questions as 'regulation-id#question-id'; default: every question on the readings.",
    )
    pass_percent: int = Field(default=80, ge=1, le=100)


# ---------------------------------------------------------------- forms


FieldName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40),
    Field(description="ASCII field name used in the PDF (snake_case)."),
]


class Option(Strict):
    value: FieldName
    label: Text


class Column(Strict):
    id: FieldName
    label: Text
    width: float = Field(default=1, gt=0, le=100, allow_inf_nan=False, description="Relative column width.")


class FormField(Strict):
    id: FieldName
    label: Text
    type: Literal["text", "textarea", "number", "date", "choice", "multi", "checkbox", "table", "signature"] = "text"
    required: bool = False
    span: int = Field(default=6, ge=1, le=12, description="Width in a 12-column grid.")
    lines: int = Field(default=3, ge=1, le=30, description="Visible lines of a textarea.")
    rows: int = Field(default=5, ge=1, le=40, description="Rows of a table.")
    options: list[Option] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=list)
    hint: Prose = ""
    article: ArticleRef | None = Field(default=None, description="Article that requires the field.")


class FormSection(Strict):
    title: Prose = ""
    fields: list[FormField] = Field(min_length=1)


class Copy(Strict):
    label: Text = Field(description="e.g. 第一联")
    recipient: Text = Field(description="Where this copy goes, e.g. 业务部门存查.")


class Form(Restricted):
    id: Id
    code: Text | None = Field(default=None, description="Form code printed on the form, e.g. QR-KF-001; leave out when the source gives none.")
    title: Text
    regulation: Id = Field(description="Id of the regulation that owns the form.")
    version: Text = "1.0"
    effective: dt.date | None = None
    numbering: Prose = Field(default="", description="Numbering rule, e.g. 年度两位+月份两位+流水号两位.")
    copies: list[Copy] = Field(default_factory=list)
    copies_unit: Literal["联", "份"] = Field(default="联", description="一式N联 or 一式N份, as the source says.")
    routing: list[Text] = Field(default_factory=list, description="How the form is filled and routed.")
    sections: list[FormSection] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list, description="Fixed notes printed on the form.")
    editor_notes: list[Text] = Field(default_factory=list, description="How the form was drawn up; editor edition only, never printed.")

    def order(self) -> tuple:
        """Lists show forms by form code; those without one after, by title."""
        return (self.code is None, self.code or "", self.title)

    def ident(self) -> str:
        """Code and version as printed and put in the QR code: 'QR-KF-001 v1.0', or 'v1.0'."""
        return f"{self.code} v{self.version}" if self.code else f"v{self.version}"

    def fields(self) -> list[FormField]:
        return [field for section in self.sections for field in section.fields]

    def copies_summary(self) -> str:
        """一式五联 / 一式三份, or '' when the form has no copies."""
        if not self.copies:
            return ""
        return f"一式{copies_count(len(self.copies))}{self.copies_unit}"


# ---------------------------------------------------------------- the files an editor writes

# kind → (the model of one file, where such files live). The loader, the JSON Schema export and
# the editor settings (.vscode/settings.json, checked by a test) all read this one table.
FILE_KINDS: dict[str, tuple[type[Strict], str]] = {
    "regulation": (Regulation, "docs/regulations/**/*.yaml"),
    "roles": (RolesFile, "docs/roles/*.yaml"),
    "glossary": (GlossaryFile, "docs/glossary/*.yaml"),
    "topics": (TopicsFile, "docs/topics.yaml"),
    "form": (Form, "forms/*.yaml"),
    "track": (Track, "docs/training/*.yaml"),
    "search": (SearchSettings, "docs/search.yaml"),
}
