/* The CLI run as root does its file work as the hooks' user: the owner of
 * the data's folders (the database's, spool_dir, cache_dir). What it
 * creates there (the SQLite database, the spool's files, list caches) is
 * then that user's, as if the hooks had made it. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proxyhooks/cli/cli.h"
#include "proxyhooks/store/spool.h"

/* The owner of folder, or of its parent when it is not made yet (the
 * spool's folder is made on first use); -1 when neither exists. */
static long
folder_owner(const char *folder)
{
	struct stat st;
	char *parent, *slash;
	long owner = -1;

	if (stat(folder, &st) == 0)
		return (long)st.st_uid;
	if (errno != ENOENT || (parent = strdup(folder)) == NULL)
		return -1;
	if ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		if (stat(slash == parent ? "/" : parent, &st) == 0)
			owner = (long)st.st_uid;
	} else if (stat(".", &st) == 0)
		owner = (long)st.st_uid;
	free(parent);
	return owner;
}

/* The folder of a SQLite database; NULL for PostgreSQL or out of memory. */
static char *
database_folder(const char *database)
{
	const char *slash;

	if (database == NULL || *database == '\0' || store_is_postgresql(database))
		return NULL;
	if (strncmp(database, "sqlite:", 7) == 0)
		database += 7;
	if ((slash = strrchr(database, '/')) == NULL)
		return strdup(".");
	return slash == database ? strdup("/") : strndup(database, (size_t)(slash - database));
}

/* The user's name, or "#UID" (as sudo -u takes it) when it has none. */
static void
user_name(long uid, char *buf, size_t len)
{
	struct passwd *pw = getpwuid((uid_t)uid);

	if (pw != NULL)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "#%ld", uid);
}

/* Print a word for the shell: as it is when safe, else single-quoted. */
static void
print_shell_word(FILE *fp, const char *word)
{
	const char *s;

	if (*word != '\0' && strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789@%+=:,./_-") == strlen(word)) {
		fputs(word, fp);
		return;
	}
	fputc('\'', fp);
	for (s = word; *s != '\0'; s++)
		if (*s == '\'')
			fputs("'\\''", fp);
		else
			fputc(*s, fp);
	fputc('\'', fp);
}

/* The exact command to run instead, as user. */
static void
print_sudo(const struct cli *cli, const char *user)
{
	int i;

	fputs("  sudo -u ", stderr);
	print_shell_word(stderr, user);
	fputc(' ', stderr);
	print_shell_word(stderr, cli->program);
	fputs(" -c ", stderr);
	print_shell_word(stderr, cli->config_path);
	for (i = 0; i < cli->argc; i++) {
		fputc(' ', stderr);
		print_shell_word(stderr, cli->argv[i]);
	}
	fputc('\n', stderr);
}

int
cli_data_user(struct cli *cli, const struct config *config)
{
	const char *names[3] = { "the database's folder", "spool_dir", "cache_dir" };
	char *folders[3];
	struct passwd *pw;
	char user[64], other[64];
	long owner, chosen = -1;
	int i, which = -1, rc = -1;

	if (cli->data_user_checked || geteuid() != 0)
		return 0;
	cli->data_user_checked = 1;
	folders[0] = database_folder(config->database);
	folders[1] = spool_dir_for(config->spool_dir, config->database);
	folders[2] = config->cache_dir != NULL && config->cache_dir[0] != '\0' ?
	    strdup(config->cache_dir) : NULL;
	for (i = 0; i < 3; i++) {
		if (folders[i] == NULL || (owner = folder_owner(folders[i])) <= 0)
			continue;
		if (chosen < 0) {
			chosen = owner;
			which = i;
		} else if (owner != chosen) {
			user_name(chosen, user, sizeof(user));
			user_name(owner, other, sizeof(other));
			fprintf(stderr, "proxyhooks: %s %s belongs to %s but %s %s to %s: give them "
			    "to the hooks' user, and run this as that user, e.g.\n", names[which],
			    folders[which], user, names[i], folders[i], other);
			print_sudo(cli, user);
			goto out;
		}
	}
	if (chosen < 0) {
		rc = 0;		/* root's own folders: root's files */
		goto out;
	}
	if ((pw = getpwuid((uid_t)chosen)) == NULL) {
		user_name(chosen, user, sizeof(user));
		fprintf(stderr, "proxyhooks: %s %s belongs to uid %ld, which has no user name: "
		    "run this as that user, so that the hooks can use what it creates:\n",
		    names[which], folders[which], chosen);
		print_sudo(cli, user);
		goto out;
	}
	/* Groups first: once the uid is gone, they cannot be changed. */
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0 || (setuid(0) == 0 && (errno = EPERM) != 0)) {
		fprintf(stderr, "proxyhooks: cannot switch to %s, the owner of %s %s: %s; run this "
		    "as that user:\n", pw->pw_name, names[which], folders[which], strerror(errno));
		print_sudo(cli, pw->pw_name);
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		free(folders[i]);
	return rc;
}
