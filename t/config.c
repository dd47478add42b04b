/* configuration: defaults, every kind of bad line named by file:line, proxy sections. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proxyhooks/web/config.h"
#include "tap.h"

static char dir[] = "/tmp/ph-config-XXXXXX";

static const char *
write_conf(const char *text)
{
	static char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/proxyhooks.conf", dir);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Load text; return the error message ("" on success). */
static const char *
load_error(const char *text)
{
	static struct error err;
	struct config *c = NULL;

	memset(&err, 0, sizeof(err));
	if (config_load(write_conf(text), &c, &err) == 0)
		config_free(c);
	return err.message;
}

static void
error_like(const char *text, const char *wanted, const char *name)
{
	const char *seen = load_error(text);

	if (!ok(strstr(seen, wanted) != NULL, name))
		diag("wanted a message containing: %s\n#   seen: %s", wanted, seen);
}

int
main(void)
{
	struct config *c = NULL;
	struct error err = { 0 };
	struct oos_settings o;
	char want[512];

	if (mkdtemp(dir) == NULL)
		return 1;

	ok(config_defaults(&c, &err) == 0, "defaults load");
	is_int(c->max_body_bytes, 65536, "max_body_bytes defaults to 65536");
	is_int(c->validate_signatures, 1, "signatures are validated by default");
	is_int(c->intercept_mode, INTERCEPT_ENFORCE, "intercept enforces by default");
	is_int(c->intercept_fail_closed, 0, "intercept fails open by default");
	is_string(c->twilio_api_base, "https://proxy.twilio.com", "the Twilio API base");
	ok(c->policy_file == NULL, "no policy file by default");
	config_free(c);
	c = NULL;

	ok(config_load(write_conf(
	    "# comment\n"
	    "auth_token_file = secrets/token\n"
	    "database = sqlite:events.db\n"
	    "policy_file = /etc/proxyhooks/policy\n"
	    "max_body_bytes = 32768\n"
	    "log_level = debug\n"
	    "validate_signatures = no\n"
	    "public_base_url = https://hooks.example.com\n"
	    "intercept_mode = observe\n"
	    "oos_voice_say = This session has ended.\n"
	    "oos_voice_dial = +1 (415) 555-0100\n"
	    "oos_message_reply = Sorry, {sessionUniqueName} is over\n"
	    "\n[proxy +14155550199]\n"
	    "oos_voice_say = Your ride has ended.\n"
	    "oos_voice_reject = busy\n"), &c, &err) == 0, "a full configuration loads");
	if (c == NULL) {
		diag("%s", err.message);
		return done_testing();
	}
	snprintf(want, sizeof(want), "%s/secrets/token", dir);
	is_string(c->auth_token_file, want, "relative paths are relative to the file's folder");
	snprintf(want, sizeof(want), "%s/events.db", dir);
	is_string(c->database, want, "sqlite: prefix removed and resolved");
	is_string(c->policy_file, "/etc/proxyhooks/policy", "absolute paths kept");
	is_int(c->max_body_bytes, 32768, "a number");
	is_int(c->log_level, 3, "log level debug");
	is_int(c->validate_signatures, 0, "a boolean");
	is_int(c->intercept_mode, INTERCEPT_OBSERVE, "an enumeration");
	is_string(c->oos.voice_dial, "+14155550100", "a number written with punctuation is normalised");
	is_int((long long)c->proxy_count, 1, "one proxy section");

	config_oos_for(c, "+14155550199", &o);
	is_string(o.voice_say, "Your ride has ended.", "the proxy section overrides");
	is_string(o.voice_reject, "busy", "the proxy section adds");
	is_string(o.message_reply, "Sorry, {sessionUniqueName} is over", "unset keys fall back");
	config_oos_for(c, "+19995550000", &o);
	is_string(o.voice_say, "This session has ended.", "another number gets the global text");
	ok(o.voice_reject == NULL, "and no reject");
	config_free(c);
	c = NULL;

	error_like("log_level = info\nno_such_key = 1\n", "proxyhooks.conf:2: no_such_key: unknown key",
	    "an unknown key is named with its line");
	error_like("\n\nmax_body_bytes = lots\n", ":3: max_body_bytes: 'lots' is not a whole number",
	    "a bad number");
	error_like("max_body_bytes = 10\n", ":1: max_body_bytes: '10' is not a whole number from 1024",
	    "a number out of range");
	error_like("validate_signatures = maybe\n", ":1: validate_signatures: 'maybe' is not yes or no",
	    "a bad boolean");
	error_like("log_level = loud\n", "log_level: 'loud'", "a bad log level");
	error_like("intercept_mode = strict\n", "'strict' is not enforce or observe", "a bad enum");
	error_like("public_base_url = hooks.example.com\n", "is not an http:// or https:// URL",
	    "a URL without a scheme");
	error_like("database = a\ndatabase = b\n", ":2: database: set twice", "a key set twice");
	error_like("[server]\nlog_level = info\n", ":2: [server]: unknown section", "an unknown section");
	error_like("[proxy +14155550100]\ndatabase = x\n", ":2: database: only oos_* keys",
	    "a global key in a proxy section");
	error_like("oos_voice_dial = call support\n", "is not an E.164 number", "a bad number");
	error_like("oos_voice_dial_caller_id = me\n", "neither a number nor 'proxy'", "a bad caller id");
	error_like("\noos_voice_say = Hello {Frm}\n", ":2: oos_voice_say: template: unknown field \"Frm\"",
	    "an unknown field in a text is named with its line");
	error_like("oos_message_reply = Hi {From\n", ":1: oos_message_reply: template: unclosed brace",
	    "an unclosed brace");
	error_like("oos_voice_say = bell \x07 here\n", ":1: oos_voice_say: the value is not valid UTF-8",
	    "a control character in a text");
	error_like("oos_voice_say = caf\xe9\n", "not valid UTF-8", "Latin-1 text");
	error_like("oos_voice_reject = maybe\n", "'maybe' is not rejected or busy", "a bad reject reason");
	error_like("account_sid = AC123\n", "account_sid: 'AC123' is not AC followed by 32 hex digits",
	    "a malformed account SID");
	error_like("api_key_sid = SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	    "api_key_sid and api_key_secret_file go together", "an API key without its secret");
	error_like("oos_mode = autocreate\n", "needs oos_autocreate_participant",
	    "auto-create without a participant");
	error_like("log_level = info\n  debug\n", "set twice (an indented line continues",
	    "an indented line is explained");
	error_like("this line has no equals sign\n", ":1:", "a line that is not key = value");
	memset(&err, 0, sizeof(err));
	ok(config_load("/nonexistent/proxyhooks.conf", &c, &err) < 0 &&
	    strstr(err.message, "/nonexistent/proxyhooks.conf") != NULL, "a missing file is named");

	{
		char *printed = NULL;
		size_t size = 0;
		FILE *mem;

		c = NULL;
		ok(config_load(write_conf("database = postgresql://ph:s3cret@db.internal/ph\n"), &c,
		    &err) == 0, "a PostgreSQL URI loads");
		mem = open_memstream(&printed, &size);
		config_print(c, NULL, mem);
		fclose(mem);
		ok(strstr(printed, "database = postgresql://ph:***@db.internal/ph") != NULL &&
		    strstr(printed, "s3cret") == NULL, "config_print hides the password");
		free(printed);
		config_free(c);
	}
	unlink(write_conf(""));
	rmdir(dir);
	return done_testing();
}
