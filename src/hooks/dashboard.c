/* proxyhooks-dashboard: the operator's page. The figures come from the
 * report module; this file only decides who may see them and draws them:
 * HTML with inline SVG charts, every text escaped by page_text(). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/hooks/dashboard.h"
#include "proxyhooks/hooks/hooks.h"
#include "proxyhooks/base/digest.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/base/utf8.h"
#include "proxyhooks/base/util.h"

/* The page's only style. Its hash goes into the Content-Security-Policy:
 * any other style, script, font or image is refused by the browser. */
static const char dashboard_css[] =
    ":root{--bad:#b3261e;--muted:#5f6368;--line:#dfe1e5}"
    "*{box-sizing:border-box}"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
    "color:#202124;background:#f4f5f7}"
    "main{max-width:1100px;margin:0 auto;padding:12px}"
    "h1{font-size:1.3em;margin:.2em 0}"
    "h2{font-size:1.05em;margin:.1em 0 .5em}"
    ".meta{color:var(--muted);margin:0 0 .6em;font-size:.9em}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}"
    ".card,section{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "padding:8px 10px}"
    ".card b{display:block;font-size:1.5em;font-variant-numeric:tabular-nums}"
    ".card span{color:var(--muted);font-size:.85em}"
    ".card.bad b,.bad{color:var(--bad)}"
    ".alarm{background:var(--bad);color:#fff;font-weight:bold;border-radius:8px;"
    "padding:8px 10px;margin:0 0 8px}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:8px;"
    "margin-top:8px}"
    "section{margin-top:8px}.grid section{margin-top:0}"
    "svg.chart{width:100%;height:auto;display:block}"
    ".legend{list-style:none;padding:0;margin:.4em 0 0;display:flex;flex-wrap:wrap;"
    "gap:2px 14px;font-size:.85em}"
    ".legend svg{vertical-align:-1px;margin-right:4px}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;font-size:.9em}"
    "th,td{text-align:left;padding:4px 6px;border-top:1px solid #eceef1;vertical-align:top}"
    "th{color:var(--muted);font-weight:600;border-top:0}"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".msg{word-break:break-word;min-width:12em}"
    "code{font-size:.92em;overflow-wrap:anywhere}"
    ".where{white-space:nowrap}"
    "time{white-space:nowrap}"
    "pre{white-space:pre-wrap;word-break:break-word;background:#fdecea;padding:6px;margin:.3em 0}"
    ".warn,.error{border-radius:8px;padding:6px 10px;margin:8px 0}"
    ".warn{background:#fff4e5;border:1px solid #f0c36d}"
    ".error{background:#fdecea;border:1px solid #f5c2c0}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}"
    "dt{color:var(--muted)}dd{margin:0;word-break:break-word}"
    "footer{color:var(--muted);font-size:.8em;margin:12px 0}"
    "form.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-end}"
    "form.filters label{display:flex;flex-direction:column;font-size:.8em;color:var(--muted)}"
    "form.filters input,form.filters select,form.filters button{font:inherit;font-size:.95em;"
    "padding:3px 5px;border:1px solid #c4c7cc;border-radius:5px;background:#fff;color:#202124}"
    "form.filters input{width:11em}form.filters input.wide{width:16em}"
    "form.filters button{background:#1a73e8;color:#fff;border-color:#1a73e8;cursor:pointer}"
    ".ranges,.pager{display:flex;flex-wrap:wrap;gap:4px 12px;margin:.5em 0 0;font-size:.9em}"
    ".ranges a.on{font-weight:700;color:#202124;text-decoration:none}"
    "a{color:#1a73e8}"
    ".num{white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".sid{font-size:.8em;word-break:break-all;max-width:10em}td.rule{min-width:14em}"
    /* A phone: one column, and the list of blocks as a list. */
    "@media (max-width:600px){body{font-size:14px}main{padding:6px}"
    ".grid{grid-template-columns:1fr}.wide{display:none}"
    ".stack thead{display:none}.stack tr{display:block;border-top:1px solid #eceef1;"
    "padding:4px 0}.stack td{display:block;border:0;padding:1px 4px}"
    ".stack td.inline{display:inline-block}}";

/* ---- the page as it is written ---- */

struct page {
	char   *buf;
	size_t  len, cap;
	int     oom;
};

static void
page_put(struct page *p, const char *s, size_t n)
{
	char *grown;
	size_t cap;

	if (p->oom)
		return;
	if (n > p->cap - p->len) {
		cap = p->cap ? p->cap : 16384;
		while (n > cap - p->len)
			cap *= 2;
		if ((grown = realloc(p->buf, cap)) == NULL) {
			p->oom = 1;
			return;
		}
		p->buf = grown;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}

/* Markup written by this file: never data. */
static void
page_raw(struct page *p, const char *markup)
{
	page_put(p, markup, strlen(markup));
}

/* Markup with numbers in it (coordinates, counts): fmt is this file's,
 * and its arguments are numbers only. A string goes through page_text. */
static __attribute__((format(printf, 2, 3))) void
page_markup(struct page *p, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		p->oom = 1;
		return;
	}
	page_put(p, buf, (size_t)n);
}

/* The one escaping helper: any text, in an element or an attribute. The
 * five characters HTML gives a meaning to become references; what is not
 * UTF-8, and control characters, become U+FFFD. At most max bytes of s
 * are shown (0: all), cut between characters, with an ellipsis. */
static void
page_text_max(struct page *p, const char *s, size_t max)
{
	size_t len, i = 0, n;
	uint32_t cp;
	const char *ref;

	if (s == NULL)
		return;
	len = strlen(s);
	while (i < len) {
		if (max > 0 && i >= max) {
			page_raw(p, "\xe2\x80\xa6");
			return;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f) {
			page_raw(p, "\xef\xbf\xbd");
			i += n ? n : 1;
			continue;
		}
		switch (cp) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: ref = NULL; break;
		}
		if (ref != NULL)
			page_raw(p, ref);
		else
			page_put(p, s + i, n);
		i += n;
	}
}

static void
page_text(struct page *p, const char *s)
{
	page_text_max(p, s, 0);
}

static __attribute__((format(printf, 2, 3))) void
page_textf(struct page *p, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	page_text(p, buf);
}

/* 1234567 as "1,234,567". */
static void
count_format(int64_t n, char *buf, size_t len)
{
	char digits[32];
	size_t nd, i, o = 0;
	int neg = n < 0;

	snprintf(digits, sizeof(digits), "%lld", (long long)(neg ? -n : n));
	nd = strlen(digits);
	if (neg && o + 1 < len)
		buf[o++] = '-';
	for (i = 0; i < nd && o + 2 < len; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static void
page_count(struct page *p, int64_t n)
{
	char buf[40];

	count_format(n, buf, sizeof(buf));
	page_text(p, buf);
}

/* ---- what was asked ---- */

static const char *const query_names[] = {
	"since", "until", "hook", "decision", "rule", "session", "participant", "q", "offset",
	"limit", "refresh",
};

/* A SID as a filter: letters and digits, at most 64 (Twilio's are two
 * letters and 32 hexadecimal digits). */
static int
sid_like(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return 0;
	return n >= 2 && n <= 64;
}

static int
query_value(struct dashboard_query *q, const char *name, const char *v, int64_t now_ms,
    struct error *err)
{
	struct event_filter *f = &q->filter;
	struct error why = { 0 };

	if (strcmp(name, "since") == 0 || strcmp(name, "until") == 0) {
		if (util_parse_since(v, now_ms, name[0] == 's' ? &f->since_ms : &f->until_ms,
		    &why) < 0)
			goto bad_why;
		*(name[0] == 's' ? &q->since : &q->until) = v;
	} else if (strcmp(name, "hook") == 0) {
		if (strcmp(v, "callback") != 0 && strcmp(v, "intercept") != 0 &&
		    strcmp(v, "out-of-session") != 0 && strcmp(v, "conversations") != 0 &&
		    strcmp(v, "voice") != 0) {
			error_status(err, 400, "hook: '%.80s' is not callback, intercept, "
			    "out-of-session, conversations or voice", v);
			return -1;
		}
		f->hook = v;
	} else if (strcmp(name, "decision") == 0) {
		if (!store_filter_decision_valid(v)) {
			error_status(err, 400, "decision: '%.80s' is not one of "
			    STORE_FILTER_DECISIONS, v);
			return -1;
		}
		f->decision = v;
	} else if (strcmp(name, "session") == 0 || strcmp(name, "participant") == 0) {
		if (!sid_like(v)) {
			error_status(err, 400, "%s: '%.80s' is not a SID (letters and digits)", name, v);
			return -1;
		}
		*(name[0] == 's' ? &f->session_sid : &f->participant_sid) = v;
	} else if (strcmp(name, "rule") == 0 || strcmp(name, "q") == 0) {
		if (strlen(v) > STORE_FILTER_TEXT_MAX) {
			error_status(err, 400, "%s: longer than %d bytes", name, STORE_FILTER_TEXT_MAX);
			return -1;
		}
		*(name[0] == 'r' ? &f->rule : &f->text) = v;
	} else if (strcmp(name, "offset") == 0) {
		if (util_parse_long(v, 0, 10000000, &f->offset) < 0)
			goto bad_number;
	} else if (strcmp(name, "limit") == 0) {
		if (util_parse_long(v, 1, REPORT_MAX_LISTED, &f->limit) < 0)
			goto bad_number;
	} else if (util_parse_long(v, 0, 86400, &q->refresh) < 0)
		goto bad_number;
	return 0;
bad_why:
	error_status(err, 400, "%s: %s", name, why.message);
	return -1;
bad_number:
	error_status(err, 400, "%s: '%.40s' is not a number in %s", name, v,
	    strcmp(name, "offset") == 0 ? "0-10000000" : strcmp(name, "limit") == 0 ? "1-200" :
	    "0-86400 (seconds, 0: never)");
	return -1;
}

int
dashboard_query_parse(const char *query, int64_t now_ms, struct dashboard_query *q,
    struct error *err)
{
	size_t i, j, k;
	int seen[sizeof(query_names) / sizeof(query_names[0])] = { 0 };
	struct error why = { 0 };

	memset(q, 0, sizeof(*q));
	q->filter.limit = DASHBOARD_PAGE;
	q->filter.newest_first = 1;
	q->refresh = DASHBOARD_REFRESH;
	if (query == NULL || *query == '\0')
		return 0;
	if (form_decode(query, strlen(query), &q->form, &why) < 0) {
		error_status(err, 400, "the query string: %s", why.message);
		return -1;
	}
	for (i = 0; i < q->form.count; i++) {
		const struct param *p = &q->form.params[i];

		for (k = 0; k < sizeof(query_names) / sizeof(query_names[0]); k++)
			if (strcmp(p->name, query_names[k]) == 0)
				break;
		if (k == sizeof(query_names) / sizeof(query_names[0]))
			goto unknown;
		if (seen[k]++) {
			error_status(err, 400, "%s: given twice", p->name);
			goto fail;
		}
		if (p->value_len == 0)
			continue;
		if (query_value(q, p->name, p->value, now_ms, err) < 0)
			goto fail;
	}
	if (q->filter.until_ms > 0 && q->filter.until_ms <= q->filter.since_ms) {
		error_status(err, 400, "until: not after since");
		goto fail;
	}
	return 0;
unknown:
	{
		char list[256];
		size_t o = 0;

		for (j = 0; j < sizeof(query_names) / sizeof(query_names[0]) && o < sizeof(list); j++)
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", j ? ", " : "",
			    query_names[j]);
		error_status(err, 400, "'%.60s': not a parameter of this page (it knows %s)",
		    q->form.params[i].name, list);
	}
fail:
	dashboard_query_free(q);
	return -1;
}

void
dashboard_query_free(struct dashboard_query *q)
{
	form_free(&q->form);
	memset(&q->filter, 0, sizeof(q->filter));
	q->since = q->until = NULL;
}

/* ---- charts ---- */

#define CHART_W	400
#define CHART_H	180
#define PAD_L	34
#define PAD_R	14
#define PAD_T	8
#define PAD_B	20

/* Each hook and decision keeps its colour on every chart: blocks red,
 * would-blocks orange, allowed green, the callback blue, the Conversations
 * hook's redactions pink and yellow. */
static const char *
series_colour(const struct report_series *s)
{
	static const struct {
		const char *hook, *decision, *colour;
	} colours[] = {
		{ "callback", NULL, "#4e79a7" },
		{ "intercept", NULL, "#76b7b2" },
		{ "intercept", "allow", "#59a14f" },
		{ "intercept", "would-block", "#f28e2b" },
		{ "intercept", "block", "#e15759" },
		{ "intercept", "error-allow", "#9c755f" },
		{ "intercept", "error-block", "#7b1e1e" },
		{ "out-of-session", NULL, "#b07aa1" },
		{ "out-of-session", "allow", "#8cd17d" },
		{ "out-of-session", "would-block", "#ffbe7d" },
		{ "out-of-session", "block", "#ff9d9a" },
		{ "out-of-session", "error-allow", "#d7b5a6" },
		{ "out-of-session", "error-block", "#b85c5c" },
		{ "conversations", NULL, "#bab0ac" },
		{ "conversations", "allow", "#499894" },
		{ "conversations", "would-block", "#d4a6c8" },
		{ "conversations", "block", "#d37295" },
		{ "conversations", "would-redact", "#edc948" },
		{ "conversations", "redact", "#ff9da7" },
		{ "conversations", "error-allow", "#a0cbe8" },
		{ "conversations", "error-block", "#86535c" },
		{ "voice", NULL, "#79706e" },
		{ "voice", "allow", "#b6992d" },
		{ "voice", "would-block", "#f1ce63" },
		{ "voice", "block", "#e17c05" },
		{ "voice", "error-allow", "#9d7660" },
		{ "voice", "error-block", "#5f4b3a" },
	};
	size_t i;

	for (i = 0; s->hook != NULL && i < sizeof(colours) / sizeof(colours[0]); i++)
		if (strcmp(s->hook, colours[i].hook) == 0 &&
		    ((s->decision == NULL && colours[i].decision == NULL) ||
		    (s->decision != NULL && colours[i].decision != NULL &&
		    strcmp(s->decision, colours[i].decision) == 0)))
			return colours[i].colour;
	return "#bab0ac";
}

/* The smallest of 1, 2, 5 times a power of ten that holds v. */
static int64_t
axis_top(int64_t v)
{
	int64_t power = 1;

	if (v <= 1)
		return 1;
	while (power <= v / 10)
		power *= 10;
	if (power >= v)
		return power;
	if (2 * power >= v)
		return 2 * power;
	if (5 * power >= v)
		return 5 * power;
	return 10 * power;
}

/* 12000 as "12k": what fits left of a chart. */
static void
axis_label(int64_t v, char *buf, size_t len)
{
	if (v >= 1000000 && v % 1000000 == 0)
		snprintf(buf, len, "%lldM", (long long)(v / 1000000));
	else if (v >= 1000000)
		snprintf(buf, len, "%.1fM", (double)v / 1e6);
	else if (v >= 1000 && v % 1000 == 0)
		snprintf(buf, len, "%lldk", (long long)(v / 1000));
	else if (v >= 1000)
		snprintf(buf, len, "%.1fk", (double)v / 1e3);
	else
		snprintf(buf, len, "%lld", (long long)v);
}

/* A stacked bar chart: one bar a bucket, one colour a series. Every bar
 * segment has a title (the browser shows it on hover or a long press). */
static void
chart_svg(struct page *p, const struct report_chart *chart, const char *id, const char *title,
    size_t label_from, size_t label_len, size_t label_every)
{
	double pw = CHART_W - PAD_L - PAD_R, ph = CHART_H - PAD_T - PAD_B;
	double slot, width, x, y, h;
	int64_t top = axis_top(chart->peak), below;
	char label[REPORT_TIME_LEN], name[64], tick[32];
	size_t i, k;
	int t;

	slot = chart->buckets > 0 ? pw / (double)chart->buckets : pw;
	width = slot * 0.78;
	page_markup(p, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" font-size=\"11\" font-family=\"sans-serif\" id=\"", CHART_W, CHART_H,
	    CHART_W, CHART_H);
	page_text(p, id);
	page_raw(p, "\"><title>");
	page_text(p, title);
	page_raw(p, "</title>");
	/* The scale: 0, half and the top, with their lines. */
	for (t = 0; t <= 2; t++) {
		int64_t v = top * t / 2;

		if (t == 1 && top % 2 != 0)
			continue;
		y = PAD_T + ph - ph * (double)v / (double)top;
		page_markup(p, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#%06x\" stroke-width=\"1\"/>", PAD_L, CHART_W - PAD_R, y, y,
		    t == 0 ? 0x9aa0a6u : 0xe8eaedu);
		axis_label(v, tick, sizeof(tick));
		page_markup(p, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5f6368\">",
		    PAD_L - 4, y + 3.5);
		page_text(p, tick);
		page_raw(p, "</text>");
	}
	for (i = 0; i < chart->buckets; i++) {
		x = PAD_L + slot * (double)i + (slot - width) / 2;
		below = 0;
		for (k = 0; k < chart->series_count; k++) {
			const struct report_series *s = &chart->series[k];

			if (s->counts[i] == 0)
				continue;
			h = ph * (double)s->counts[i] / (double)top;
			y = PAD_T + ph - ph * (double)(below + s->counts[i]) / (double)top;
			below += s->counts[i];
			page_markup(p, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			    "fill=\"", x, y, width, h < 0.5 ? 0.5 : h);
			page_text(p, series_colour(s));
			page_raw(p, "\"><title>");
			report_series_name(s, name, sizeof(name));
			page_textf(p, "%s, %s: %lld", chart->labels[i], name, (long long)s->counts[i]);
			page_raw(p, "</title></rect>");
		}
		if (i % label_every == 0 || i + 1 == chart->buckets) {
			if (i + 1 == chart->buckets && i % label_every != 0 &&
			    i % label_every < label_every / 2)
				continue;	/* too close to the label before */
			snprintf(label, sizeof(label), "%.*s", (int)label_len,
			    chart->labels[i] + label_from);
			page_markup(p, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
			    "fill=\"#5f6368\">", PAD_L + slot * ((double)i + 0.5), CHART_H - 6);
			page_text(p, label);
			page_raw(p, "</text>");
		}
	}
	if (chart->total == 0) {
		page_markup(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		    "fill=\"#5f6368\">", PAD_L + pw / 2, PAD_T + ph / 2);
		page_text(p, "no events");
		page_raw(p, "</text>");
	}
	page_raw(p, "</svg>");
}

static void
chart_legend(struct page *p, const struct report_chart *chart)
{
	char name[64];
	size_t i;

	if (chart->series_count == 0)
		return;
	page_raw(p, "<ul class=\"legend\">");
	for (i = 0; i < chart->series_count; i++) {
		report_series_name(&chart->series[i], name, sizeof(name));
		page_raw(p, "<li><svg width=\"10\" height=\"10\" aria-hidden=\"true\">"
		    "<rect width=\"10\" height=\"10\" fill=\"");
		page_text(p, series_colour(&chart->series[i]));
		page_raw(p, "\"/></svg>");
		page_text(p, name);
		page_raw(p, " <b>");
		page_count(p, chart->series[i].total);
		page_raw(p, "</b></li>");
	}
	page_raw(p, "</ul>");
}

static void
chart_section(struct page *p, const struct report_chart *chart, const char *id,
    const char *heading, size_t label_from, size_t label_len, size_t label_every)
{
	page_raw(p, "<section><h2>");
	page_text(p, heading);
	page_raw(p, " <span class=\"meta\">");
	page_count(p, chart->total);
	page_text(p, chart->total == 1 ? " event, " : " events, ");
	page_count(p, chart->blocked_total);
	page_text(p, " blocked");
	page_raw(p, "</span></h2>");
	chart_svg(p, chart, id, heading, label_from, label_len, label_every);
	chart_legend(p, chart);
	page_raw(p, "</section>");
}

/* ---- the parts of the page ---- */

static void
card(struct page *p, const char *id, const char *label, int64_t value, int bad)
{
	page_raw(p, bad ? "<div class=\"card bad\" id=\"" : "<div class=\"card\" id=\"");
	page_text(p, id);
	page_raw(p, "\"><b>");
	if (value >= 0)
		page_count(p, value);
	else
		page_text(p, "?");
	page_raw(p, "</b><span>");
	page_text(p, label);
	page_raw(p, "</span></div>");
}

/* A red banner while the intercept fails open: events of the last 24
 * hours allowed because the hook failed (error-allow). */
static void
part_fail_open(struct page *p, const struct report *r)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < r->hourly.series_count; i++)
		if (r->hourly.series[i].decision != NULL &&
		    strcmp(r->hourly.series[i].decision, "error-allow") == 0)
			n += r->hourly.series[i].total;
	if (n == 0)
		return;
	page_raw(p, "<p class=\"alarm\" id=\"fail-open\">");
	page_textf(p, "Failing open: %lld interaction%s of the last 24 hours %s allowed because "
	    "the hook could not decide (error-allow). The error log says why", (long long)n,
	    n == 1 ? "" : "s", n == 1 ? "was" : "were");
	page_text(p, r->policy_file != NULL && !r->policy_in_force ?
	    ": no policy is in force." : ".");
	page_raw(p, "</p>");
}

static void
part_cards(struct page *p, const struct report *r)
{
	int known = r->store_error == NULL;	/* else the store's figures are "?" */

	page_raw(p, "<div class=\"cards\">");
	card(p, "card-blocked", "blocked, last 24 hours", known ? r->hourly.blocked_total : -1,
	    r->hourly.blocked_total > 0);
	card(p, "card-events", "events, last 24 hours", known ? r->hourly.total : -1, 0);
	card(p, "card-refused", "signature failures, last hour", known ? r->refused_last_hour : -1,
	    r->refused_last_hour > 0);
	card(p, "card-spool", "waiting in the spool", r->spool_error ? -1 : r->spool.waiting,
	    r->spool.waiting > 0 || r->spool_error != NULL);
	card(p, "card-participants", "participants in the directory", r->participants, 0);
	page_raw(p, r->policy_error != NULL || (r->policy_file != NULL && !r->policy_in_force) ?
	    "<div class=\"card bad\" id=\"card-policy\"><b>" : "<div class=\"card\" id=\"card-policy\"><b>");
	if (r->policy_file == NULL)
		page_text(p, "none");
	else if (r->policy_error != NULL)
		page_text(p, "errors");
	else
		page_textf(p, "%zu rule%s", r->policy_rules, r->policy_rules == 1 ? "" : "s");
	page_raw(p, "</b><span>");
	page_text(p, "policy");
	page_raw(p, "</span></div></div>");
}

static void
part_rules(struct page *p, const struct report *r)
{
	size_t i;

	page_raw(p, "<section id=\"top-rules\"><h2>");
	page_text(p, "Rules that blocked most");
	page_raw(p, " <span class=\"meta\">");
	page_text(p, "since ");
	page_text(p, r->since_text);
	page_raw(p, "</span></h2>");
	if (r->rule_count == 0) {
		page_raw(p, "<p>");
		page_text(p, "Nothing was blocked.");
		page_raw(p, "</p></section>");
		return;
	}
	page_raw(p, "<div class=\"scroll\"><table><thead><tr><th class=\"n\">");
	page_text(p, "blocked");
	page_raw(p, "</th><th>");
	page_text(p, "where");
	page_raw(p, "</th><th>");
	page_text(p, "rule");
	page_raw(p, "</th></tr></thead><tbody>");
	for (i = 0; i < r->rule_count; i++) {
		page_raw(p, "<tr><td class=\"n\">");
		page_count(p, r->rules[i].blocked);
		page_raw(p, "</td><td class=\"where\"><code>");
		page_text(p, r->rules[i].where ? r->rules[i].where : "");
		page_raw(p, "</code></td><td><code>");
		page_text_max(p, r->rules[i].text, 300);
		page_raw(p, "</code></td></tr>");
	}
	page_raw(p, "</tbody></table></div></section>");
}

/* The deciding rule (none: none_text), and what its detector found. */
static void
cell_rule(struct page *p, const struct report_blocked *b, const char *none_text)
{
	page_raw(p, "<code>");
	page_text_max(p, b->rule != NULL ? b->rule : none_text, 300);
	page_raw(p, "</code>");
	if (b->found != NULL) {
		page_raw(p, "<br><span class=\"found\">");
		page_text(p, "found ");
		page_text_max(p, b->found, 200);
		page_raw(p, "</span>");
	}
}

/* From and to, as far as they are known. */
static void
cell_numbers(struct page *p, const struct report_blocked *b)
{
	page_raw(p, "<span class=\"num\">");
	page_text(p, b->from != NULL ? b->from : "?");
	page_text(p, " \xe2\x86\x92 ");
	page_text(p, b->to != NULL ? b->to : "?");
	page_raw(p, "</span>");
}

static void
part_blocked(struct page *p, const struct report *r)
{
	size_t i;

	page_raw(p, "<section id=\"latest-blocked\"><h2>");
	page_text(p, "Latest blocked");
	page_raw(p, "</h2>");
	if (r->blocked_count == 0) {
		page_raw(p, "<p>");
		page_text(p, "Nothing was blocked.");
		page_raw(p, "</p></section>");
		return;
	}
	page_raw(p, "<div class=\"scroll\"><table class=\"stack\"><thead><tr><th>");
	page_text(p, "time");
	page_raw(p, "</th><th>");
	page_text(p, "type");
	page_raw(p, "</th><th>");
	page_text(p, "rule");
	page_raw(p, "</th><th>");
	page_text(p, "message");
	page_raw(p, "</th><th class=\"num\">");
	page_text(p, "from \xe2\x86\x92 to");
	page_raw(p, "</th><th>");
	page_text(p, "session");
	page_raw(p, "</th><th class=\"wide\">");
	page_text(p, "hook");
	page_raw(p, "</th></tr></thead><tbody>");
	for (i = 0; i < r->blocked_count; i++) {
		const struct report_blocked *b = &r->blocked[i];

		page_raw(p, "<tr><td class=\"inline\"><time>");
		page_text(p, b->when);
		page_raw(p, "</time></td><td class=\"inline\">");
		page_text(p, b->type ? b->type : "?");
		if (b->decision != NULL && strcmp(b->decision, "block") != 0) {
			page_raw(p, " <span class=\"bad\">");
			page_text(p, b->decision);
			page_raw(p, "</span>");
		}
		page_raw(p, "</td><td>");
		cell_rule(p, b, "(no rule: the decision failed)");
		page_raw(p, "</td><td class=\"msg\">");
		page_text_max(p, b->text ? b->text : "", 400);
		page_raw(p, "</td><td class=\"inline\">");
		cell_numbers(p, b);
		page_raw(p, "</td><td><code>");
		page_text(p, b->session_sid != NULL ? b->session_sid : "-");
		page_raw(p, "</code></td><td class=\"wide\">");
		page_text(p, b->hook);
		page_raw(p, "</td></tr>");
	}
	page_raw(p, "</tbody></table></div></section>");
}

/* ---- the filters, the list of events, its pages ---- */

static const char *
query_get(const struct dashboard_query *q, const char *name)
{
	const char *v = q != NULL ? form_get(&q->form, name) : NULL;

	return v != NULL && *v != '\0' ? v : NULL;
}

/* A link to this page asking what q asked, with name set to value (NULL:
 * left out); any other change than the page's starts at its first. */
static void
page_link(struct page *p, const struct dashboard_query *q, const char *name,
    const char *value, const char *label, int on)
{
	struct form form = { 0 };
	size_t i;
	char *query;

	for (i = 0; q != NULL && i < q->form.count; i++) {
		const struct param *pr = &q->form.params[i];

		if (pr->value_len == 0 || strcmp(pr->name, name) == 0 ||
		    (strcmp(pr->name, "offset") == 0 && strcmp(name, "offset") != 0))
			continue;
		if (form_add(&form, pr->name, pr->value) < 0)
			p->oom = 1;
	}
	if (value != NULL && form_add(&form, name, value) < 0)
		p->oom = 1;
	if ((query = form_encode(&form)) == NULL)
		p->oom = 1;
	page_raw(p, on ? "<a class=\"on\" href=\"?" : "<a href=\"?");
	page_text(p, query);
	page_raw(p, "\">");
	page_text(p, label);
	page_raw(p, "</a>");
	free(query);
	form_free(&form);
}

static void
filter_input(struct page *p, const struct dashboard_query *q, const char *name,
    const char *label, const char *placeholder, int wide)
{
	const char *v = query_get(q, name);

	page_raw(p, "<label>");
	page_text(p, label);
	page_raw(p, wide ? "<input class=\"wide\" name=\"" : "<input name=\"");
	page_text(p, name);
	page_raw(p, "\" placeholder=\"");
	page_text(p, placeholder);
	page_raw(p, "\" value=\"");
	page_text(p, v != NULL ? v : "");
	page_raw(p, "\"></label>");
}

/* A select of choices (the first, "", is "any"). */
static void
filter_select(struct page *p, const struct dashboard_query *q, const char *name,
    const char *label, const char *const *choices, size_t n)
{
	const char *v = query_get(q, name);
	size_t i;

	page_raw(p, "<label>");
	page_text(p, label);
	page_raw(p, "<select name=\"");
	page_text(p, name);
	page_raw(p, "\">");
	for (i = 0; i < n; i++) {
		int on = v != NULL ? strcmp(v, choices[i]) == 0 : choices[i][0] == '\0';

		page_raw(p, on ? "<option selected value=\"" : "<option value=\"");
		page_text(p, choices[i]);
		page_raw(p, "\">");
		page_text(p, choices[i][0] != '\0' ? choices[i] : "any");
		page_raw(p, "</option>");
	}
	page_raw(p, "</select></label>");
}

/* A plain GET form (no script: the CSP allows none): the time range, the
 * same filters as `proxyhooks events`, a search; and the usual ranges as
 * links. */
static void
part_filters(struct page *p, const struct dashboard_query *q)
{
	static const char *const hooks[] = { "", "callback", "intercept", "out-of-session",
	    "conversations", "voice" };
	static const char *const decisions[] = { "", "allow", "block", "would-block",
	    "redact", "would-redact", "error-allow", "error-block", "blocked", "none" };
	static const struct {
		const char *since, *label;
	} ranges[] = {
		{ "1h", "last hour" }, { "24h", "24 hours" }, { "7d", "7 days" },
		{ "30d", "30 days" }, { NULL, "all" },
	};
	const char *since = query_get(q, "since");
	char refresh[24];
	size_t i;

	page_raw(p, "<section id=\"filters\"><h2>");
	page_text(p, "Events");
	page_raw(p, "</h2><form class=\"filters\" method=\"get\">");
	filter_input(p, q, "since", "from", "24h or 2026-12-01T08:00 (UTC)", 0);
	filter_input(p, q, "until", "until", "1h or 2026-12-02 (UTC)", 0);
	filter_select(p, q, "hook", "hook", hooks, sizeof(hooks) / sizeof(hooks[0]));
	filter_select(p, q, "decision", "decision", decisions,
	    sizeof(decisions) / sizeof(decisions[0]));
	filter_input(p, q, "rule", "rule", "policy:12 or its text", 0);
	filter_input(p, q, "session", "session", "KC\xe2\x80\xa6", 0);
	filter_input(p, q, "participant", "participant", "KP\xe2\x80\xa6", 0);
	filter_input(p, q, "q", "search", "text, rule or SID", 1);
	if (q != NULL && query_get(q, "limit") != NULL) {
		page_raw(p, "<input type=\"hidden\" name=\"limit\" value=\"");
		page_text(p, query_get(q, "limit"));
		page_raw(p, "\">");
	}
	if (q != NULL && query_get(q, "refresh") != NULL) {
		snprintf(refresh, sizeof(refresh), "%ld", q->refresh);
		page_raw(p, "<input type=\"hidden\" name=\"refresh\" value=\"");
		page_text(p, refresh);
		page_raw(p, "\">");
	}
	page_raw(p, "<button type=\"submit\">");
	page_text(p, "Filter");
	page_raw(p, "</button><a href=\"?\">");
	page_text(p, "clear");
	page_raw(p, "</a></form><p class=\"ranges\">");
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		page_link(p, q, "since", ranges[i].since, ranges[i].label,
		    ranges[i].since != NULL ? since != NULL && strcmp(since, ranges[i].since) == 0 :
		    since == NULL);
	page_raw(p, "</p>");
}

/* The list's rows (a part of part_filters' section) and its pages. */
static void
part_events(struct page *p, const struct report *r, const struct dashboard_query *q)
{
	const struct event_filter *f = q != NULL ? &q->filter : NULL;
	long limit = f != NULL && f->limit > 0 ? f->limit : DASHBOARD_PAGE;
	long offset = f != NULL ? f->offset : 0;
	char number[32];
	size_t i;

	page_raw(p, "<p class=\"meta\" id=\"events-shown\">");
	if (r->store_error != NULL)
		page_text(p, "The store could not be read.");
	else if (r->listed_count == 0)
		page_text(p, offset > 0 ? "No more events match." : "No event matches.");
	else
		page_textf(p, "Events %ld\xe2\x80\x93%ld, newest first%s.", offset + 1,
		    offset + (long)r->listed_count, r->listed_more ? "; more are older" : "");
	page_raw(p, "</p>");
	if (r->listed_count > 0) {
		page_raw(p, "<div class=\"scroll\"><table class=\"stack\" id=\"events-list\">"
		    "<thead><tr><th>");
		page_text(p, "time");
		page_raw(p, "</th><th>");
		page_text(p, "hook");
		page_raw(p, "</th><th>");
		page_text(p, "decision");
		page_raw(p, "</th><th class=\"num\">");
		page_text(p, "from \xe2\x86\x92 to");
		page_raw(p, "</th><th>");
		page_text(p, "rule");
		page_raw(p, "</th><th>");
		page_text(p, "message");
		page_raw(p, "</th><th>");
		page_text(p, "session");
		page_raw(p, "</th></tr></thead><tbody>");
	}
	for (i = 0; i < r->listed_count; i++) {
		const struct report_blocked *b = &r->listed[i];
		int bad = b->decision != NULL && (strcmp(b->decision, "block") == 0 ||
		    strcmp(b->decision, "error-block") == 0 || strcmp(b->decision, "would-block") == 0);

		page_raw(p, "<tr class=\"event\"><td class=\"inline\"><time>");
		page_text(p, b->when);
		page_raw(p, "</time></td><td class=\"inline\">");
		page_text(p, b->hook);
		if (b->type != NULL) {
			page_text(p, " ");
			page_text(p, b->type);
		}
		page_raw(p, bad ? "</td><td class=\"inline bad\">" : "</td><td class=\"inline\">");
		page_text(p, b->decision != NULL ? b->decision : "-");
		page_raw(p, "</td><td class=\"inline\">");
		cell_numbers(p, b);
		page_raw(p, "</td><td class=\"rule\">");
		cell_rule(p, b, "");
		page_raw(p, "</td><td class=\"msg\">");
		page_text_max(p, b->text != NULL ? b->text : "", 400);
		page_raw(p, "</td><td class=\"sid\">");
		if (b->session_sid != NULL)
			page_link(p, q, "session", b->session_sid, b->session_sid, 0);
		page_raw(p, "</td></tr>");
	}
	if (r->listed_count > 0)
		page_raw(p, "</tbody></table></div>");
	if (offset > 0 || r->listed_more) {
		page_raw(p, "<p class=\"pager\" id=\"pager\">");
		if (offset > 0) {
			snprintf(number, sizeof(number), "%ld", offset > limit ? offset - limit : 0);
			page_link(p, q, "offset", offset > limit ? number : NULL,
			    "\xe2\x86\x90 newer", 0);
		}
		if (r->listed_more) {
			snprintf(number, sizeof(number), "%ld", offset + limit);
			page_link(p, q, "offset", number, "older \xe2\x86\x92", 0);
		}
		page_raw(p, "</p>");
	}
	page_raw(p, "</section>");
}

static void
part_refusals(struct page *p, const struct report *r)
{
	size_t i;

	page_raw(p, "<section id=\"refusals\"><h2>");
	page_text(p, "Signature failures, last hour");
	page_raw(p, "</h2>");
	if (r->refusal_count == 0) {
		page_raw(p, "<p>");
		page_text(p, "None.");
		page_raw(p, "</p></section>");
		return;
	}
	page_raw(p, "<p>");
	page_text(p, "The URL each request was checked against: it must be the one set in "
	    "Twilio's console (behind a proxy that ends TLS, set public_base_url).");
	page_raw(p, "</p><div class=\"scroll\"><table class=\"stack\"><thead><tr><th class=\"n\">");
	page_text(p, "refused");
	page_raw(p, "</th><th>");
	page_text(p, "hook");
	page_raw(p, "</th><th>");
	page_text(p, "URL");
	page_raw(p, "</th><th>");
	page_text(p, "last");
	page_raw(p, "</th></tr></thead><tbody>");
	for (i = 0; i < r->refusal_count; i++) {
		page_raw(p, "<tr><td class=\"n inline\">");
		page_count(p, r->refusals[i].count);
		page_raw(p, "</td><td class=\"inline\">");
		page_text(p, r->refusals[i].hook);
		page_raw(p, "</td><td><code>");
		page_text_max(p, r->refusals[i].url ? r->refusals[i].url :
		    "(the URL could not be rebuilt)", 400);
		page_raw(p, "</code></td><td class=\"inline\"><time>");
		page_text(p, r->refusals[i].when);
		page_raw(p, "</time></td></tr>");
	}
	page_raw(p, "</tbody></table></div></section>");
}

static void
term(struct page *p, const char *name)
{
	page_raw(p, "<dt>");
	page_text(p, name);
	page_raw(p, "</dt><dd>");
}

static void
part_state(struct page *p, const struct report *r)
{
	page_raw(p, "<div class=\"grid\"><section id=\"policy\"><h2>");
	page_text(p, "Policy");
	page_raw(p, "</h2><dl>");
	term(p, "file");
	page_text(p, r->policy_file ? r->policy_file :
	    "none: no policy_file is set, every interaction is allowed");
	page_raw(p, "</dd>");
	if (r->policy_file != NULL) {
		term(p, "in force");
		if (r->policy_saved)
			page_textf(p, "the last good version, kept in cache_dir: %zu rule%s",
			    r->policy_rules, r->policy_rules == 1 ? "" : "s");
		else if (r->policy_in_force)
			page_textf(p, "%zu rule%s, loaded %s", r->policy_rules,
			    r->policy_rules == 1 ? "" : "s", r->policy_loaded_text);
		else
			page_text(p, "none");
		page_raw(p, "</dd>");
		term(p, "file changed");
		page_text(p, r->policy_changed_ms > 0 ? r->policy_changed_text : "missing");
		page_raw(p, "</dd>");
	}
	page_raw(p, "</dl>");
	if (r->policy_error != NULL) {
		page_raw(p, "<p class=\"bad\">");
		page_text(p, r->policy_in_force ? "The file has errors: the hooks keep the version "
		    "they loaded before until it is fixed." : "The file has errors:");
		page_raw(p, "</p><pre>");
		page_text_max(p, r->policy_error, 4000);
		page_raw(p, "</pre>");
	}
	page_raw(p, "</section><section id=\"spool\"><h2>");
	page_text(p, "Spool");
	page_raw(p, "</h2><dl>");
	term(p, "folder");
	page_text(p, r->spool_dir ? r->spool_dir : "?");
	page_raw(p, "</dd>");
	if (r->spool_error != NULL) {
		term(p, "error");
		page_raw(p, "<span class=\"bad\">");
		page_text(p, r->spool_error);
		page_raw(p, "</span></dd>");
	} else {
		term(p, "waiting");
		page_count(p, r->spool.waiting);
		if (r->spool.waiting > 0) {
			page_textf(p, " (%ld bytes), the oldest received ", r->spool.bytes);
			page_text(p, r->spool_oldest_text);
		}
		page_raw(p, "</dd>");
		term(p, "refused by the store");
		page_count(p, r->spool.rejected);
		page_raw(p, "</dd>");
		if (r->spool.replaying) {
			term(p, "replay");
			page_text(p, "running or interrupted: proxyhooks spool replay finishes it");
			page_raw(p, "</dd>");
		}
	}
	term(p, "participants");
	if (r->participants >= 0)
		page_count(p, r->participants);
	else
		page_text(p, "unknown");
	page_raw(p, "</dd></dl></section></div>");
}

char *
dashboard_html(const struct report *r, const struct dashboard_query *q, size_t *len)
{
	struct page p = { NULL, 0, 0, 0 };
	long refresh = q != NULL ? q->refresh : DASHBOARD_REFRESH;

	page_raw(&p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta name=\"referrer\" content=\"no-referrer\">");
	/* The page reloads itself, the same query: no script needed. */
	if (refresh > 0)
		page_markup(&p, "<meta http-equiv=\"refresh\" content=\"%ld\">", refresh);
	page_raw(&p, "<title>");
	page_text(&p, "proxyhooks dashboard");
	page_raw(&p, "</title><style>");
	page_raw(&p, dashboard_css);
	page_raw(&p, "</style></head><body><main><header><h1>");
	page_text(&p, "proxyhooks");
	page_raw(&p, "</h1><p class=\"meta\">");
	page_textf(&p, "%s (%s) \xc2\xb7 store %s", r->now_text, r->timezone,
	    r->store_kind ? r->store_kind : "unavailable");
	if (refresh > 0)
		page_textf(&p, " \xc2\xb7 reloads every %ld s", refresh);
	page_raw(&p, "</p></header>");
	if (r->timezone_error != NULL) {
		page_raw(&p, "<p class=\"warn\">");
		page_textf(&p, "timezone: %s: times are in UTC.", r->timezone_error);
		page_raw(&p, "</p>");
	}
	if (r->store_error != NULL) {
		page_raw(&p, "<p class=\"error\" id=\"store-error\">");
		page_textf(&p, "The store could not be read: %s", r->store_error);
		page_raw(&p, "</p>");
	}
	part_fail_open(&p, r);
	part_cards(&p, r);
	page_raw(&p, "<div class=\"grid\">");
	chart_section(&p, &r->hourly, "chart-hourly", "Last 24 hours, by hour", 11, 2, 3);
	chart_section(&p, &r->daily, "chart-daily", "By day", 5, 5,
	    r->daily.buckets > 10 ? (r->daily.buckets + 5) / 6 : 1);
	page_raw(&p, "</div>");
	part_filters(&p, q);
	part_events(&p, r, q);
	part_rules(&p, r);
	part_blocked(&p, r);
	part_refusals(&p, r);
	part_state(&p, r);
	page_raw(&p, "<footer>");
	page_textf(&p, "proxyhooks %s \xc2\xb7 figures since %s", PACKAGE_VERSION, r->since_text);
	page_raw(&p, "</footer></main></body></html>\n");
	page_put(&p, "", 1);	/* a C string too */
	if (p.oom) {
		free(p.buf);
		return NULL;
	}
	*len = p.len - 1;
	return p.buf;
}

/* ---- the headers ---- */

static char dashboard_header_text[640];

const char *
dashboard_headers(void)
{
	unsigned char digest[DIGEST_SHA256_LEN];
	char hash[DIGEST_BASE64_LEN(DIGEST_SHA256_LEN) + 1];

	if (dashboard_header_text[0] != '\0')
		return dashboard_header_text;
	digest_sha256(dashboard_css, sizeof(dashboard_css) - 1, digest);
	digest_base64(hash, digest, sizeof(digest));
	snprintf(dashboard_header_text, sizeof(dashboard_header_text),
	    "Content-Security-Policy: default-src 'none'; style-src 'sha256-%s'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Cache-Control: no-store\r\n", hash);
	return dashboard_header_text;
}

/* ---- the program ---- */

struct dashboard_state {
	struct policy_watch *policy;	/* kept between requests, as the hooks keep theirs */
};

static int
dashboard_init(struct hook_context *ctx, struct error *err)
{
	struct dashboard_state *st;

	if ((st = calloc(1, sizeof(*st))) == NULL) {
		error_set(err, "out of memory");
		return -1;
	}
	if (ctx->config->policy_file != NULL &&
	    (st->policy = policy_watch_new(ctx->config->policy_file, ctx->config->cache_dir)) ==
	    NULL) {
		free(st);
		error_set(err, "out of memory");
		return -1;
	}
	ctx->state = st;
	return 0;
}

static void
dashboard_fini(struct hook_context *ctx)
{
	struct dashboard_state *st = ctx->state;

	if (st != NULL)
		policy_watch_free(st->policy);
	free(st);
	ctx->state = NULL;
}

static int
dashboard_handle(struct hook_context *ctx, const struct request *req, struct response *resp,
    struct error *err)
{
	const struct config *c = ctx->config;
	struct dashboard_state *st = ctx->state;
	struct report_source src;
	struct report *report = NULL;
	struct dashboard_query query;
	struct error asked = { 0 };
	char text[sizeof(asked.message) + 2];
	const char *headers;
	int64_t started = util_monotonic_us();
	size_t len = 0;
	char *html;

	/* Never public by accident: off unless asked for, and behind the web
	 * server's authentication unless anonymous access was asked for too. */
	if (!c->dashboard) {
		log_info("dashboard: 404: dashboard = no in %s", c->path ? c->path : "the configuration");
		return response_text(resp, 404, "Not Found\n");
	}
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		response_text(resp, 405, "only GET\n");
		resp->allow = "GET, HEAD";
		return 0;
	}
	if (req->remote_user == NULL && !c->dashboard_allow_anonymous) {
		log_info("dashboard: 401: the web server did not authenticate the request (no "
		    "REMOTE_USER): set up its Basic authentication, see proxyhooks-dashboard(8)");
		return response_text(resp, 401, "The web server did not authenticate this request: "
		    "the dashboard needs its authentication (see proxyhooks-dashboard(8)).\n");
	}
	if ((headers = dashboard_headers()) == NULL) {
		error_set(err, "dashboard: cannot hash the page's style");
		return -1;
	}
	memset(&src, 0, sizeof(src));
	src.config = c;
	/* A CGI intercept's events wait in the spool for a later process. */
	hook_store_spooled(ctx);
	src.store = ctx->store;
	src.store_error = "the store could not be opened (see the error log)";
	src.policy = st->policy;
	src.now_ms = util_now_ms();
	if (dashboard_query_parse(request_param(req, "QUERY_STRING"), src.now_ms, &query,
	    &asked) < 0) {
		log_info("dashboard: 400: %s", asked.message);
		snprintf(text, sizeof(text), "%s\n", asked.message);
		return response_text(resp, 400, text);
	}
	/* The time range asked for is the figures' too. */
	src.since_ms = query.filter.since_ms;
	src.listing = &query.filter;
	if (report_collect(&src, &report, err) < 0) {
		dashboard_query_free(&query);
		return -1;
	}
	if (report->store_error != NULL)
		log_error("dashboard: %s", report->store_error);
	html = dashboard_html(report, &query, &len);
	report_free(report);
	dashboard_query_free(&query);
	if (html == NULL) {
		error_set(err, "dashboard: out of memory writing the page");
		return -1;
	}
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	resp->body = html;
	resp->body_len = len;
	resp->extra_headers = headers;
	log_debug("dashboard: page for %s in %lld ms", req->remote_user ? req->remote_user : "anonymous",
	    (long long)((util_monotonic_us() - started) / 1000));
	return 0;
}

const struct hook hook_dashboard = {
	.name = "dashboard",
	.unsigned_status = 401,
	.allow_get = 1,
	.needs_signature = 0,
	.init = dashboard_init,
	.handle = dashboard_handle,
	.fini = dashboard_fini,
};
