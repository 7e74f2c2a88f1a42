"""Lines that web pages and document sites add around a regulation, in either script: navigation
("现在位置：…>…"), "下载", "相关推荐", page counters, "格式:docx", "文档页数", "我要投稿", the date and
time a page was posted, and lists of links to other articles. They are dropped and listed.
"""

from __future__ import annotations

import re

_RULES: list[tuple[str, re.Pattern]] = [
    ("navigation", re.compile(r"^(现在位置|現在位置|当前位置|當前位置|您的位置|你的位置)\s*[:：]")),
    ("navigation", re.compile(r"^[^。，,；;]{1,30}(\s*[>＞»›]\s*[^。，,；;>＞»›]{1,20}){2,}$")),
    ("navigation", re.compile(r"^(首页|首頁|上一篇|下一篇|返回(首页|首頁|顶部|頂部)|返回列表|登录|登錄|注册|註冊|分享到?)([:：\s].{0,40})?$")),
    ("web page", re.compile(r"我要投稿|投稿邮箱|投稿郵箱|版权所有|版權所有|免责声明|免責聲明")),
    ("download", re.compile(r"^[-•·\s]*((立即|免费|免費|点击|點擊|全文|文档|文檔)?(下载|下載)(文档|文檔|本文|全文|此文档|此文檔)?"
                            r"|(下载|下載)[:：]?.{0,12}|.{0,12}(下载|下載)(次数|次數|积分|積分)?[:：]?\s*\d*)$")),
    ("related links", re.compile(r"^[-•·\s【\[]*.{0,16}(相关推荐|相關推薦|相关文章|相關文章|相关主题|相關主題|相关文档|相關文檔"
                                 r"|最新文档|最新文檔|热门文档|熱門文檔|猜你喜欢|猜你喜歡|推荐阅读|推薦閱讀|精选文档|精選文檔)[】\]]?[:：]?\s*$")),
    ("document site", re.compile(r"^[-•·\s]*(格式|大小|文档页数|文檔頁數|页数|頁數|上传时间|上傳時間|浏览次数|瀏覽次數|"
                                 r"下载次数|下載次數|文档格式|文檔格式)\s*[:：]\s*[^。，,；;]{0,20}$")),
    ("page counter", re.compile(r"^[-—\s]*(第\s*\d+\s*页|第\s*\d+\s*頁)(\s*[/，,]?\s*共\s*\d+\s*[页頁])?[-—\s]*$")),
    ("page counter", re.compile(r"^[-—\s]*\d+\s*/\s*\d+[-—\s]*$|^-\s*\d+\s*-$|^(页码|頁碼)\s*[:：]?\s*\d+")),
    ("date line", re.compile(r"^(时间|時間|发布时间|發布時間|日期|更新时间|更新時間|发表于|發表於)\s*[:：]\s*\d{4}[-/年.]\d{1,2}")),
    ("date line", re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")),
    ("date line", re.compile(r"^.{0,40}\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?.{0,30}$")),
]
# after a "相关文章" line, the links: "客户管理制度10-01"
_LINK = re.compile(r"^[^。，,；;：:]{2,30}\d{1,2}-\d{1,2}$")


def junk_reason(text: str, in_links: bool = False) -> str | None:
    """Why a line is web junk, or None when it is content."""
    text = text.strip()
    if not text or len(text) > 120:
        return None
    for reason, pattern in _RULES:
        if pattern.search(text):
            return reason
    if (in_links or len(text) <= 24) and _LINK.match(text):
        return "related links"
    return None
