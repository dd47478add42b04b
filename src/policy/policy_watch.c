/* policy_watch: the policy as the hooks hold it: loaded when first asked
 * for, reloaded when it or a list it names changes, the last good one kept
 * while a change does not load. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/base/watch.h"

#include "policy_impl.h"

/* ---- watching for changes ---- */

struct policy_watch {
	char                     *path;
	char                     *cache_dir;
	struct policy            *current;
	int64_t                   loaded_ms;
	char                     *last_error;
	/* The version that failed to load, not tried again until it changes. */
	int                       failed;
	struct policy_dependency *failed_deps;
	size_t                    failed_count;
	struct watch_mark         mark;	/* when the files were last stat'ed */
};

struct policy_watch *
policy_watch_new(const char *path, const char *cache_dir)
{
	struct policy_watch *w;

	if (path == NULL || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	if ((w->path = strdup(path)) == NULL ||
	    (cache_dir != NULL && (w->cache_dir = strdup(cache_dir)) == NULL)) {
		policy_watch_free(w);
		return NULL;
	}
	return w;
}

static int
policy_dependencies_changed(const struct policy_dependency *deps, size_t count)
{
	struct numbers_version now;
	size_t i;

	for (i = 0; i < count; i++) {
		numbers_version_read(deps[i].path, &now);
		if (!numbers_version_same(&now, &deps[i].version))
			return 1;
	}
	return 0;
}

static int64_t
policy_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
policy_watch_reload(struct policy_watch *w)
{
	struct policy_errors errors;
	struct policy_dependency *deps;
	struct policy *loaded;
	size_t dep_count, i, total = 0;
	char *joined;

	if (policy_load_tracked(w->path, w->cache_dir, &loaded, &errors, &deps,
	    &dep_count) == 0) {
		if (w->current != NULL)
			log_info("%s: reloaded (%zu rules)", w->path, loaded->rule_count);
		policy_free(w->current);
		w->current = loaded;
		w->loaded_ms = policy_now_ms();
		free(w->last_error);
		w->last_error = NULL;
		policy_dependencies_free(w->failed_deps, w->failed_count);
		w->failed = 0;
		w->failed_deps = NULL;
		w->failed_count = 0;
		return;
	}
	for (i = 0; i < errors.count; i++) {
		log_error("%s", errors.messages[i]);
		total += strlen(errors.messages[i]) + 1;
	}
	if (w->current != NULL)
		log_error("%s: keeping the policy loaded before", w->path);
	if ((joined = malloc(total + 1)) != NULL) {
		joined[0] = '\0';
		for (i = 0; i < errors.count; i++) {
			if (i > 0)
				strcat(joined, "\n");
			strcat(joined, errors.messages[i]);
		}
		free(w->last_error);
		w->last_error = joined;
	}
	policy_errors_free(&errors);
	policy_dependencies_free(w->failed_deps, w->failed_count);
	w->failed = 1;
	w->failed_deps = deps;
	w->failed_count = dep_count;
}

/* Stat the policy and its lists, reload when one changed, and have them
 * watched so that the next requests need not stat them again (watch.h). */
static void
policy_watch_look(struct policy_watch *w)
{
	const struct policy_dependency *deps = NULL;
	size_t count = 0, i;
	int covered;

	if (w->failed) {
		if (policy_dependencies_changed(w->failed_deps, w->failed_count))
			policy_watch_reload(w);
	} else if (w->current == NULL ||
	    policy_dependencies_changed(w->current->dependencies,
	    w->current->dependency_count)) {
		policy_watch_reload(w);
	}
	if (w->failed) {
		deps = w->failed_deps;
		count = w->failed_count;
	} else if (w->current != NULL) {
		deps = w->current->dependencies;
		count = w->current->dependency_count;
	}
	covered = count > 0;
	for (i = 0; i < count; i++)
		if (watch_path(deps[i].path) < 0)
			covered = 0;
	watch_mark_take(&w->mark, covered);
}

const struct policy *
policy_watch_get(struct policy_watch *w, struct error *err)
{
	if (w->current == NULL || !watch_unchanged(&w->mark))
		policy_watch_look(w);
	if (w->current == NULL) {
		const char *nl = w->last_error ? strchr(w->last_error, '\n') : NULL;

		if (w->last_error == NULL)
			error_set(err, "%s: no policy loaded", w->path);
		else
			error_set(err, "%.*s", nl ? (int)(nl - w->last_error) :
			    (int)strlen(w->last_error), w->last_error);
	}
	return w->current;
}

int64_t
policy_watch_loaded_ms(const struct policy_watch *w)
{
	return w->current != NULL ? w->loaded_ms : 0;
}

const char *
policy_watch_last_error(const struct policy_watch *w)
{
	return w->last_error;
}

void
policy_watch_free(struct policy_watch *w)
{
	if (w == NULL)
		return;
	policy_free(w->current);
	policy_dependencies_free(w->failed_deps, w->failed_count);
	free(w->last_error);
	free(w->cache_dir);
	free(w->path);
	free(w);
}
