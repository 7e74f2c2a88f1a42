/* The handbook's search worker, put behind Material's search box in place of its lunr worker.
 *
 * It speaks Material's worker protocol (SETUP → READY, QUERY → RESULT) and loads its own index,
 * index.js beside this file, built from the model: one document per article, procedure, duty,
 * deadline and sanction table, form, role page, track and glossary term, already split into
 * words by jieba. A query is split against the same vocabulary (longest words first), question
 * words are dropped, synonyms widen each word, and every remaining word must match (results
 * that miss a word only show when nothing has them all, and say which word is missing).
 * Documents are ranked by BM25 with title words weighted, then by kind (an article above the
 * role page that repeats it). Results are grouped per page as Material draws them: the page,
 * then its best parts, each with a snippet that marks only the words that matched.
 * Runs in a Web Worker, or in iframe-worker's iframe when the site is opened from file://.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var K1 = 1.2, B = 0.5, TITLE_WEIGHT = 3, SYNONYM_WEIGHT = 0.85, CONTAINED_WEIGHT = 0.8, MAX_WORD = 12, MAX_GROUPS = 60
var UNKNOWN_CHAR = 4, RUN_BONUS = 0.08
var FORM_WORDS = /[表单]|表格|清单/, FORM_WANTED = 1.3, SOFT_FLOOR = 0.6
var FILTERS = { "制度": "制度", "规章": "制度", "表单": "表单", "表格": "表单", "岗位": "岗位职责",
  "职责": "岗位职责", "岗位职责": "岗位职责", "培训": "培训", "术语": "术语" }

var engine = null

function here() {
  /* In iframe-worker, location is the page's; the worker's own URL is its script's */
  if (typeof document !== "undefined") {
    var scripts = document.querySelectorAll("script[src]")
    for (var i = 0; i < scripts.length; i++)
      if (/worker\.js/.test(scripts[i].src)) return scripts[i].src
  }
  return self.location.href
}

function normalize(text) {
  return text.normalize("NFKC").replace(/[\s\u200b]+/g, " ").toLowerCase().trim()
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]
  })
}

function Engine(data) {
  this.docs = data.docs
  this.lengths = data.lengths
  this.postings = data.postings
  this.kinds = data.kinds
  this.stopwords = new Set(data.stopwords)
  this.synonyms = new Map()
  var self = this
  data.synonyms.forEach(function (group) {
    group.forEach(function (word) {
      var others = self.synonyms.get(word) || new Set()
      group.forEach(function (other) { if (other !== word) others.add(other) })
      self.synonyms.set(word, others)
    })
  })
  this.variants = data.variants || null  /* script editions: simplified word → the edition's word */
  this.vocabulary = new Set(Object.keys(data.postings))
  data.dictionary.forEach(function (w) { self.vocabulary.add(w) })
  this.synonyms.forEach(function (_, w) { self.vocabulary.add(w) })
  this.stopwords.forEach(function (w) { self.vocabulary.add(w) })
  var total = 0
  for (var i = 0; i < this.lengths.length; i++) total += this.lengths[i]
  this.average = total / Math.max(1, this.lengths.length)
  this.logTotal = Math.log(this.docs.length + 1)
  this.pages = new Map()  /* page location → index of its page document */
  for (var d = 0; d < this.docs.length; d++)
    if (this.docs[d][0].indexOf("#") < 0) this.pages.set(this.docs[d][0], d)
}

/* Split a run of Chinese characters into words the way jieba splits the index: the most likely
   sequence, a word's likelihood taken from how many documents hold it; unknown characters cost most */
Engine.prototype.segment = function (run) {
  var n = run.length, cost = [0], back = [0]
  for (var i = 1; i <= n; i++) {
    cost[i] = Infinity
    for (var j = Math.max(0, i - MAX_WORD); j < i; j++) {
      var c = this.cost(run.slice(j, i))
      if (c === Infinity) continue
      if (cost[j] + c < cost[i]) { cost[i] = cost[j] + c; back[i] = j }
    }
  }
  var words = []
  for (var k = n; k > 0; k = back[k]) words.unshift(run.slice(back[k], k))
  return words
}

Engine.prototype.cost = function (word) {
  var list = this.postings[word]
  if (list) return this.logTotal - Math.log(list.length / 3 + 1)
  if (this.vocabulary.has(word)) return this.logTotal - Math.log(2)
  return word.length === 1 ? this.logTotal + UNKNOWN_CHAR : Infinity
}

/* Runs of single characters the vocabulary does not know as words ("首问" + "制") are joined
   again, so that they can be found inside longer words */
Engine.prototype.regroup = function (pieces) {
  var out = [], run = ""
  var self = this
  function flush() {
    if (run.length === 1 || self.stopwords.has(run)) out.push(run)
    else if (run) out.push.apply(out, self.cover(run))
    run = ""
  }
  pieces.forEach(function (piece) {
    if (piece.length === 1 && /[\u3400-\u9fff]/.test(piece) && !self.stopwords.has(piece)) run += piece
    else { flush(); out.push(piece) }
  })
  flush()
  return out
}

/* Cover a run of unknown characters with the longest pieces that occur inside known words */
Engine.prototype.cover = function (run) {
  var out = []
  for (var i = 0; i < run.length;) {
    var taken = 1
    for (var len = run.length - i; len >= 2; len--) {
      if (this.containing(run.substr(i, len)).length) { taken = len; break }
    }
    out.push(run.substr(i, taken))
    i += taken
  }
  return out
}

/* Known words that contain `piece` (范围 → 适用范围), shortest first */
Engine.prototype.containing = function (piece) {
  if (!this.cache) this.cache = new Map()
  if (this.cache.has(piece)) return this.cache.get(piece)
  var found = []
  for (var word in this.postings)
    if (word.length > piece.length && word.indexOf(piece) >= 0) found.push(word)
  found.sort(function (a, b) { return a.length - b.length })
  var weight = piece.length === 1 ? CONTAINED_WEIGHT / 3 : CONTAINED_WEIGHT
  var result = found.slice(0, 20).map(function (w) { return [w, weight] })
  this.cache.set(piece, result)
  return result
}

/* In a script edition (繁體中文) a query typed in simplified script is first written as the edition
   writes it, longest known words first (头发 → 頭髮, 发送 → 傳送); traditional text passes unchanged */
Engine.prototype.toScript = function (text) {
  if (!this.variants) return text
  var out = ""
  for (var i = 0; i < text.length;) {
    var taken = 1, word = text[i]
    for (var len = Math.min(MAX_WORD, text.length - i); len >= 1; len--) {
      var found = this.variants[text.substr(i, len)]
      if (found) { taken = len; word = found; break }
    }
    out += word
    i += taken
  }
  return out
}

/* Query → { filter, words: [{ word, alternatives: [[token, weight]] }] } */
Engine.prototype.parse = function (query) {
  var text = this.toScript(normalize(query)), filter = null
  var prefix = /^([\u4e00-\u9fff]{2,4})[:：]\s*/.exec(text)
  if (prefix && FILTERS[prefix[1]]) {
    filter = FILTERS[prefix[1]]
    text = text.slice(prefix[0].length)
  }
  var pieces = [], self = this
  var runs = text.match(/[\u3400-\u9fff]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*/g) || []
  runs.forEach(function (run) {
    if (/^[\u3400-\u9fff]/.test(run)) pieces.push.apply(pieces, self.segment(run))
    else pieces.push(run)
  })
  pieces = this.regroup(pieces)
  var question = /[?？吗呢]$/.test(text) || pieces.some(function (p) { return self.stopwords.has(p) })
  var seen = new Set(), words = []
  pieces.forEach(function (piece) {
    if (self.stopwords.has(piece) || seen.has(piece)) return
    seen.add(piece)
    var alternatives = []
    if (self.postings[piece]) alternatives.push([piece, 1])
    else alternatives = self.containing(piece)
    var synonyms = new Set(self.synonyms.get(piece) || [])
    /* job titles: 采购员 is also written 采购人员, and the other way round */
    if (/[^人]员$/.test(piece) && piece.length > 2) synonyms.add(piece.slice(0, -1) + "人员")
    if (/人员$/.test(piece) && piece.length > 3) synonyms.add(piece.slice(0, -2) + "员")
    synonyms.forEach(function (s) {
      if (self.postings[s] && s !== piece) alternatives.push([s, SYNONYM_WEIGHT])
    })
    if (alternatives.length || piece.length > 1) words.push({ word: piece, alternatives: alternatives })
  })
  /* A lone character among longer words counts towards the score, not as a word that must match */
  var long = words.some(function (w) { return w.word.length > 1 })
  words.forEach(function (w) { w.optional = long && w.word.length === 1 && /[\u3400-\u9fff]/.test(w.word) })
  return { filter: filter, words: words, question: question }
}

Engine.prototype.search = function (query) {
  var parsed = this.parse(query), words = parsed.words
  if (!words.length) return parsed.filter ? this.browse(parsed.filter) : { items: [] }
  var n = this.docs.length, scores = new Map(), idfs = {}
  for (var w = 0; w < words.length; w++) {
    var alternatives = words[w].alternatives
    for (var a = 0; a < alternatives.length; a++) {
      var token = alternatives[a][0], weight = alternatives[a][1]
      var list = this.postings[token], df = list.length / 3
      var idf = idfs[token] = Math.log(1 + (n - df + 0.5) / (df + 0.5))
      for (var p = 0; p < list.length; p += 3) {
        var doc = list[p], tf = TITLE_WEIGHT * list[p + 1] + list[p + 2]
        var norm = K1 * (1 - B + B * this.lengths[doc] / this.average)
        var s = weight * idf * tf * (K1 + 1) / (tf + norm) * (list[p + 1] ? 1.3 : 1)
        var entry = scores.get(doc)
        if (!entry) scores.set(doc, entry = { score: 0, best: new Array(words.length).fill(0), matched: new Array(words.length).fill(null) })
        if (s > entry.best[w]) { entry.best[w] = s; entry.matched[w] = entry.matched[w] || [] }
        if (entry.matched[w] && entry.matched[w].indexOf(token) < 0) entry.matched[w].push(token)
      }
    }
  }
  /* Per document: sum of the best alternative per word, phrase and title bonuses, kind weight;
     coverage is the share of the query's word weight (idf) the document holds */
  var phrase = words.map(function (x) { return x.word }).join("")
  var raw = this.toScript(normalize(query)).replace(/[^\u3400-\u9fffa-z0-9]+/g, "")
  var wantsForm = FORM_WORDS.test(raw)
  var required = words.filter(function (w) { return !w.optional })
  var weights = words.map(function (w) {
    return w.optional ? 0 : Math.max.apply(null, [0.5].concat(w.alternatives.map(function (a) { return idfs[a[0]] || 0 })))
  })
  var total = weights.reduce(function (a, b) { return a + b }, 0) || 1
  var results = []
  var self = this
  scores.forEach(function (entry, doc) {
    var d = self.docs[doc], kind = self.kinds[d[3]]
    if (parsed.filter && kind[0] !== parsed.filter) return
    var covered = 0, held = 0, score = 0
    for (var i = 0; i < words.length; i++) {
      if (entry.best[i] > 0) {
        score += entry.best[i]
        if (!words[i].optional) { covered++; held += weights[i] }
      }
    }
    var title = normalize(d[1]), body = normalize(d[2])
    if (raw.length > 1 && (title.indexOf(raw) >= 0 || body.indexOf(raw) >= 0)) score *= title.indexOf(raw) >= 0 ? 2 : 1.5
    else if (words.length > 1 && title.indexOf(phrase) >= 0) score *= 1.6
    else if (words.length > 1 && body.indexOf(phrase) >= 0) score *= 1.3
    else {
      /* part of the query as it was typed, several words long, found as it stands (抱怨处理表 in 《客户抱怨处理表》) */
      var run = longestRun(words, title + "\n" + body)
      if (run >= 3) score *= 1 + RUN_BONUS * Math.min(run, 8)
    }
    if (d[3] !== "term" && (title === phrase || title.replace(/[《》]/g, "") === phrase)) score *= 1.5
    var weight = d[3] === "form" && wantsForm ? FORM_WANTED : kind[1]
    results.push({ doc: doc, covered: covered, coverage: held / total, score: score * weight, matched: entry.matched })
  })
  /* Short queries: every word must match, unless no document has them all. Longer questions:
     documents holding most of the query's weight, ranked by score and coverage */
  var most = 0
  results.forEach(function (r) { if (r.covered > most) most = r.covered })
  if (required.length <= 2 && !parsed.question) {
    results = results.filter(function (r) { return r.covered === most })
  } else {
    var best = 0
    results.forEach(function (r) { if (r.coverage > best) best = r.coverage })
    results = results.filter(function (r) { return r.coverage >= best * SOFT_FLOOR })
    results.forEach(function (r) { r.score *= Math.pow(r.coverage, 3) })
  }
  results.sort(function (x, y) { return y.score - x.score })
  return { items: this.group(results, words) }
}

/* A filter alone ("表单：") lists the pages of that kind */
Engine.prototype.browse = function (filter) {
  var items = []
  for (var d = 0; d < this.docs.length && items.length < MAX_GROUPS; d++) {
    var doc = this.docs[d]
    if (doc[0].indexOf("#") < 0 && this.kinds[doc[3]][0] === filter)
      items.push([this.item({ doc: d, matched: [] }, [], 1, true)])
  }
  return { items: items }
}

/* Length of the longest sequence of consecutive query words (two or more) that occurs in `text` */
function longestRun(words, text) {
  var best = 0
  for (var i = 0; i < words.length; i++) {
    var joined = words[i].word
    for (var j = i + 1; j < words.length; j++) {
      joined += words[j].word
      if (text.indexOf(joined) < 0) break
      if (joined.length > best) best = joined.length
    }
  }
  return best
}

/* Material draws one item per page: the page document first in the list it is given, with the
   page's best parts after it; the order of the items is the order of their best document */
Engine.prototype.group = function (results, words) {
  var groups = new Map(), order = []
  for (var i = 0; i < results.length; i++) {
    var r = results[i], location = this.docs[r.doc][0], page = location.split("#")[0]
    var group = groups.get(page)
    if (!group) {
      if (order.length >= MAX_GROUPS) continue
      groups.set(page, group = [])
      order.push(page)
    }
    group.push(r)
  }
  var self = this
  return order.map(function (page) {
    var group = groups.get(page), top = group[0].score
    var pageDoc = self.pages.has(page) ? self.pages.get(page) : null
    var items = group.map(function (r) { return self.item(r, words, r.score) })
    var own = group.filter(function (r) { return r.doc === pageDoc })[0]
    if (!own && pageDoc !== null)
      items.push(self.item({ doc: pageDoc, matched: [] }, words, 0, true))
    else if (own && group.length > 1) {
      /* the page itself leads the item only in title: its parts hold the text that matched */
      items = items.filter(function (it) { return it.location !== page })
      items.push(self.item(own, words, Math.min(own.score, top * 0.5), true))
    }
    return items
  })
}

Engine.prototype.item = function (r, words, score, bare) {
  var d = this.docs[r.doc], terms = {}, marks = []
  for (var i = 0; i < words.length; i++) {
    var matched = r.matched && r.matched[i]
    if (matched || !words[i].optional) terms[words[i].word] = !!matched
    if (matched) marks.push.apply(marks, matched.concat([words[i].word]))
  }
  var title = d[1]
  if (d[0].indexOf("#") >= 0 && d[3] === "term") title = d[1] + "（术语）"
  return {
    location: d[0],
    title: highlight(title, marks, false),
    text: bare ? "" : highlight(d[2], marks, true),
    score: score,
    terms: terms
  }
}

/* Mark each occurrence of the matched words; for text, cut a snippet around the first marks */
function highlight(text, marks, snippet) {
  var lower = text.toLowerCase()
  if (lower.length !== text.length) lower = null
  var spans = []
  if (lower) {
    var unique = marks.filter(function (m, i) { return m && marks.indexOf(m) === i })
      .sort(function (a, b) { return b.length - a.length })
    unique.forEach(function (m) {
      for (var at = lower.indexOf(m); at >= 0; at = lower.indexOf(m, at + m.length)) {
        var clash = spans.some(function (s) { return at < s[1] && at + m.length > s[0] })
        if (!clash) spans.push([at, at + m.length])
      }
    })
  }
  spans.sort(function (a, b) { return a[0] - b[0] })
  var start = 0, end = text.length
  if (snippet && text.length > 120) {
    start = spans.length ? Math.max(0, spans[0][0] - 30) : 0
    end = Math.min(text.length, start + 120)
  }
  var out = start > 0 ? "…" : "", cursor = start
  spans.forEach(function (s) {
    if (s[0] < cursor || s[1] > end) return
    out += escapeHTML(text.slice(cursor, s[0])) + "<mark>" + escapeHTML(text.slice(s[0], s[1])) + "</mark>"
    cursor = s[1]
  })
  out += escapeHTML(text.slice(cursor, end)) + (end < text.length ? "…" : "")
  return out
}

function setup() {
  var url = new URL("index.js", here()).href
  var loaded = importScripts(url)
  return Promise.resolve(loaded).then(function () {
    engine = new Engine(self.__handbookSearch)
  })
}

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    setup().then(function () { postMessage({ type: READY }) })
  } else if (message.type === QUERY) {
    var data
    try {
      data = engine ? engine.search(message.data) : { items: [] }
    } catch (err) {
      console.warn("search failed for", message.data, err)
      data = { items: [] }
    }
    postMessage({ type: RESULT, data: data })
  }
})

if (typeof module !== "undefined") module.exports = { Engine: Engine, highlight: highlight }
