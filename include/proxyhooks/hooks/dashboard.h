/*
 * dashboard: the operator's page, proxyhooks-dashboard(8). One
 * self-contained HTML page of the report's figures (report.h) with its
 * charts drawn here as inline SVG: nothing is loaded from elsewhere, and a
 * strict Content-Security-Policy tells the browser so. It answers 404
 * unless dashboard = yes, and 401 unless the web server authenticated the
 * user (REMOTE_USER) or dashboard_allow_anonymous = yes. It only reads.
 */
#ifndef PROXYHOOKS_DASHBOARD_H
#define PROXYHOOKS_DASHBOARD_H

#include <stddef.h>

#include "proxyhooks/hooks/report.h"
#include "proxyhooks/hooks/serve.h"

extern const struct hook hook_dashboard;

/* What a GET of the page asked for in its query string: the filters of
 * the list of events (the same as `proxyhooks events`), its page, the
 * time range and how often the page reloads itself. */
struct dashboard_query {
	struct form         form;	/* the decoded query; the strings below are in it */
	struct event_filter filter;	/* the list's; limit is the page's size */
	const char         *since;	/* as given, NULL when not */
	const char         *until;
	long                refresh;	/* seconds, 0: never */
};
#define DASHBOARD_PAGE		20	/* events a page, unless limit says */
#define DASHBOARD_REFRESH	60	/* seconds, unless refresh says */

/* Decode and check query (NULL or "": nothing asked). A parameter this
 * page does not know, one given twice, or a bad value is refused: -1 with
 * err naming it (err->status 400). An empty value is no value (what a
 * form's empty field sends). Free with dashboard_query_free. */
int  dashboard_query_parse(const char *query, int64_t now_ms, struct dashboard_query *q,
    struct error *err);
void dashboard_query_free(struct dashboard_query *q);

/* The page for report, malloc'd, its length in *len; NULL when out of
 * memory. Every text in it went through one HTML-escaping helper. query:
 * what was asked (its form's values are shown; NULL: nothing). */
char *dashboard_html(const struct report *report, const struct dashboard_query *query,
    size_t *len);
/* The headers sent with the page, "Name: value\r\n" each: the
 * Content-Security-Policy (with the hash of the page's one style
 * element) and those that keep it out of frames, caches and referrers. */
const char *dashboard_headers(void);

#endif
