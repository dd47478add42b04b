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

/* The page for report, malloc'd, its length in *len; NULL when out of
 * memory. Every text in it went through one HTML-escaping helper. */
char *dashboard_html(const struct report *report, size_t *len);
/* The headers sent with the page, "Name: value\r\n" each: the
 * Content-Security-Policy (with the hash of the page's one style
 * element) and those that keep it out of frames, caches and referrers. */
const char *dashboard_headers(void);

#endif
