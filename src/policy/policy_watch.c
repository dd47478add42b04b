/* policy_watch: the policy as the hooks hold it: loaded when first asked
 * for, reloaded when it or a list it names changes, the last good one kept
 * while a change does not load. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/base/safefile.h"
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
	int                       saved;	/* current is the copy in cache_dir */
};

/* The last policy that loaded, kept in cache_dir for every process (a CGI
 * program starts afresh each request), and the most of it kept. */
#define POLICY_SAVED		"last-good.policy"
#define POLICY_SAVED_MAX	(4L << 20)

/* The whole of fd (POLICY_SAVED_MAX at most) in a malloc'd buffer. */
static char *
policy_read_all(int fd, size_t *len)
{
	char *buf = malloc(POLICY_SAVED_MAX + 1);
	ssize_t n;

	*len = 0;
	if (buf == NULL)
		return NULL;
	while (*len < POLICY_SAVED_MAX &&
	    (n = read(fd, buf + *len, POLICY_SAVED_MAX - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		*len += (size_t)n;
	}
	return buf;
}

/* Keep a copy of the policy file that just loaded as cache_dir's
 * POLICY_SAVED, written to a new file and renamed over the old one, never
 * through a link (safefile.h); left alone when it holds the same text. */
static void
policy_save(const struct policy_watch *w)
{
	struct safedir dir = { -1, NULL, 0, 0 };
	struct error err = { 0 };
	char tmp[64], *text = NULL, *old = NULL;
	size_t len, old_len = 0, done = 0;
	int fd = -1, ofd;
	ssize_t n;

	if (w->cache_dir == NULL || (fd = open(w->path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	text = policy_read_all(fd, &len);
	close(fd);
	fd = -1;
	if (text == NULL || len >= POLICY_SAVED_MAX || safedir_open(&dir, w->cache_dir, 1, &err) < 0)
		goto out;
	if ((ofd = safefile_open(&dir, POLICY_SAVED, O_RDONLY, 0, NULL, &err)) >= 0) {
		old = policy_read_all(ofd, &old_len);
		close(ofd);
		if (old != NULL && old_len == len && memcmp(old, text, len) == 0)
			goto out;
	}
	error_clear(&err);
	if ((fd = safefile_temp(&dir, POLICY_SAVED, tmp, sizeof(tmp), &err)) < 0)
		goto out;
	while (done < len && ((n = write(fd, text + done, len - done)) > 0 || errno == EINTR))
		if (n > 0)
			done += (size_t)n;
	if (done < len || fsync(fd) < 0) {
		error_set(&err, "%s/%s: %s", w->cache_dir, tmp, strerror(errno));
		safefile_unlink(&dir, tmp, &err);
		goto out;
	}
	if (safefile_rename(&dir, tmp, POLICY_SAVED, &err) < 0) {
		safefile_unlink(&dir, tmp, &err);
		goto out;
	}
	safedir_sync(&dir);
out:
	if (err.message[0] != '\0')
		log_warn("%s: cannot keep a copy of the policy that loaded: %s", w->path,
		    err.message);
	if (fd >= 0)
		close(fd);
	if (dir.fd >= 0)
		safedir_close(&dir);
	free(text);
	free(old);
}

/* The copy policy_save kept, as the policy of w->path (its @ lists are
 * read where the file names them). NULL when there is none or it does not
 * load either. */
static struct policy *
policy_load_saved(const struct policy_watch *w)
{
	struct safedir dir = { -1, NULL, 0, 0 };
	struct error err = { 0 };
	struct policy_dependency *deps = NULL;
	struct policy *saved = NULL;
	size_t count = 0;
	FILE *fp;
	int fd;

	if (w->cache_dir == NULL || safedir_open(&dir, w->cache_dir, 0, &err) < 0)
		return NULL;
	if ((fd = safefile_open(&dir, POLICY_SAVED, O_RDONLY, 0, NULL, &err)) >= 0) {
		if ((fp = fdopen(fd, "r")) == NULL)
			close(fd);
		else if (policy_load_from(w->path, fp, w->cache_dir, &saved, NULL, &deps,
		    &count) < 0)
			saved = NULL;
		policy_dependencies_free(deps, count);
	}
	safedir_close(&dir);
	return saved;
}

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
		w->saved = 0;
		w->loaded_ms = policy_now_ms();
		policy_save(w);
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
	/* A process that never loaded this policy (every CGI request, a
	 * FastCGI worker that restarted) takes the last good one's copy. */
	if (w->current == NULL && (w->current = policy_load_saved(w)) != NULL) {
		w->saved = 1;
		w->loaded_ms = policy_now_ms();
	}
	if (w->saved)
		log_error("%s does not load: the last good policy (%zu rule%s, kept in %s/%s) "
		    "stays in force", w->path, w->current->rule_count,
		    w->current->rule_count == 1 ? "" : "s", w->cache_dir, POLICY_SAVED);
	else if (w->current != NULL)
		log_error("%s: keeping the policy loaded before", w->path);
	else
		log_error("%s does not load and no good version of it is kept%s: nothing is "
		    "blocked", w->path, w->cache_dir == NULL ? " (cache_dir is not set)" : "");
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

int
policy_watch_saved(const struct policy_watch *w)
{
	return w->current != NULL && w->saved;
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
