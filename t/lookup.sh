# Participant lookup against a real HTTP server: a second nginx serves the
# recorded Twilio API answers in t/lookup/ (found, 404, 401 for wrong
# credentials, malformed JSON, paged lists), slowly (limit_rate) under
# /slow, and a closed port stands for an API that is down. First
# `proxyhooks participants fetch`, then the intercept behind the hooks'
# nginx: a banned number is blocked on its first interaction with an empty
# directory, and a slow or absent API costs one timeout, 200, one log line.
. "${top_srcdir:-.}/t/lib.sh"

[ -x "$NGINX" ] || skip_all "nginx is not installed"

ACCOUNT=AC0123456789abcdef0123456789abcdef
KEY=SK0123456789abcdef0123456789abcdef
KEY_SECRET=key-secret-fedcba9876543210
SERVICE=KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
KC_C=KCcccccccccccccccccccccccccccccccc	# the shared intercept fixture's session
KP_D=KPdddddddddddddddddddddddddddddddd	# its inbound participant: +15005550006
KP_E=KPeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee	# the other one: +15005550007
KC_1=KC11111111111111111111111111111111	# no list; the participant alone
KP_1=KP11111111111111111111111111111111
KC_2=KC22222222222222222222222222222222	# two pages, WhatsApp and formatted numbers
KP_2A=KP2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a
KP_2B=KP2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b
KC_3=KC33333333333333333333333333333333	# pages without end
KC_4=KC44444444444444444444444444444444	# truncated JSON
KP_4=KP44444444444444444444444444444444
KC_5=KC55555555555555555555555555555555	# next_page_url on another host
KC_6=KC66666666666666666666666666666666	# a chat identifier beside a number
KC_7=KC77777777777777777777777777777777	# nothing: 404
KP_7=KP77777777777777777777777777777777

ph_setup
printf '%s\n' "$KEY_SECRET" > "$T/key_secret"
printf 'not-the-token\n' > "$T/wrong_token"
chmod 600 "$T/key_secret" "$T/wrong_token"
ph_own "$T/key_secret" "$T/wrong_token"
cat > "$T/policy" <<'EOF'
block from +15005550006
block from +15005550011
block to +15005550022
EOF
cp "$T/proxyhooks.conf" "$T/base.conf"

basic() {
	printf 'Basic %s' "$(printf '%s' "$1" | base64 -w0)"
}

# The fake Twilio API: only the right credentials are answered, 401 else.
start_api() {
	local i
	mkdir -p "$T/api"
	API_PORT=$(free_port)
	cat > "$T/api/nginx.conf" <<NGINX_EOF
daemon off;
worker_processes 1;
user root;
pid $T/api/nginx.pid;
error_log $T/api/error.log info;
events { worker_connections 64; }
http {
	log_format api '\$connection \$connection_requests \$status \$request_uri';
	access_log $T/api/access.log api;
	client_body_temp_path $T/api/body;
	proxy_temp_path $T/api/proxy;
	fastcgi_temp_path $T/api/fastcgi;
	uwsgi_temp_path $T/api/uwsgi;
	scgi_temp_path $T/api/scgi;
	default_type application/json;
	map_hash_bucket_size 256;
	map \$http_authorization \$api_auth {
		default 0;
		"$(basic "$ACCOUNT:$PH_TOKEN")" 1;
		"$(basic "$KEY:$KEY_SECRET")" 1;
	}
	# A further page is the same path with Page=N: file Participants.pageN.json.
	map \$arg_Page \$api_page {
		"" "";
		default ".page\$arg_Page";
	}
	server {
		listen 127.0.0.1:$API_PORT;
		root $top_srcdir/t/lookup;
		error_page 404 /errors/404.json;
		location /errors/ {
			internal;
		}
		location /v1/ {
			if (\$api_auth = 0) {
				return 401 '{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}';
			}
			try_files \$uri\$api_page.json =404;
		}
		location /slow/ {
			rewrite ^/slow(/.*)\$ \$1 break;
			sendfile off;
			limit_rate 1;
			try_files \$uri\$api_page.json =404;
		}
	}
}
NGINX_EOF
	"$NGINX" -p "$T/api" -c "$T/api/nginx.conf" -e "$T/api/error.log" &
	ph_pids="$ph_pids $!"
	if wait_listening "$API_PORT"; then
		API="http://127.0.0.1:$API_PORT"
		return 0
	fi
	diag "the API nginx did not start:" "$(cat "$T/api/error.log")"
	return 1
}

# A configuration NAME.conf: the test's, its own database, and LINES.
mkconf() {	# mkconf NAME [LINE ...]
	local name=$1
	shift
	grep -v '^database' "$T/base.conf" > "$T/$name.conf"
	echo "database = $T/$name.db" >> "$T/$name.conf"
	printf '%s\n' "$@" >> "$T/$name.conf"
}

# How many requests the API saw for PATTERN (grep -E over the URIs) since
# api_mark was last called.
API_MARK=0
api_mark() {
	API_MARK=$(wc -l < "$T/api/access.log")
}
api_hits() {
	tail -n +$((API_MARK + 1)) "$T/api/access.log" | grep -cE -- "$1" || true
}

start_api || { echo "Bail out! the API nginx did not start"; exit 1; }
CLOSED_PORT=$(free_port)
mkconf good "account_sid = $ACCOUNT" "twilio_api_base = $API/"
mkconf key "api_key_sid = $KEY" "api_key_secret_file = $T/key_secret" "twilio_api_base = $API"
mkconf wrong "account_sid = $ACCOUNT" "twilio_api_base = $API"
sed -i "s#^auth_token_file = .*#auth_token_file = $T/wrong_token#" "$T/wrong.conf"
mkconf slow "account_sid = $ACCOUNT" "twilio_api_base = $API/slow" "lookup_timeout_ms = 500"
mkconf down "account_sid = $ACCOUNT" "twilio_api_base = http://127.0.0.1:$CLOSED_PORT" \
	"lookup_timeout_ms = 500"
mkconf none

fetch() {	# fetch CONF SERVICE SESSION [options]: output in $out, stderr in $err, status in $rc
	local conf=$1
	shift
	out=$("$PH_CLI" -c "$T/$conf.conf" participants fetch "$@" 2>"$T/fetch.err")
	rc=$?
	err=$(cat "$T/fetch.err")
}

list() {	# list CONF SESSION: the directory as CSV, without the header
	"$PH_CLI" -c "$T/$1.conf" participants list --session "$2" --format csv | tail -n +2
}

# --- proxyhooks participants fetch -----------------------------------------

fetch good "$SERVICE" "$KC_C"
is "$rc" 0 "fetch: a session's participants"
like "$out" "$KP_D +\\+15005550006 +Rider" "fetch prints the inbound participant"
like "$out" "$KP_E +\\+15005550007 +Driver" "and the other"
like "$out" "2 participant\\(s\\) of $KC_C stored" "and how many were stored"
is "$(list good "$KC_C" | sort)" \
"$KP_D,+15005550006,$KC_C,$SERVICE,+14155550100,Rider
$KP_E,+15005550007,$KC_C,$SERVICE,+14155550100,Driver" \
	"the directory holds both with their session, service and proxy number"
is "$(api_hits "/Sessions/$KC_C/Participants")" 1 "one list call was enough"

fetch key "$SERVICE" "$KC_C"
is "$rc" 0 "fetch with an API key and its secret"
is "$(list key "$KC_C" | wc -l)" 2 "stores both participants"

fetch good "$SERVICE" "$KC_2"
is "$rc" 0 "fetch: a list of two pages"
is "$(list good "$KC_2" | cut -d, -f1,2,5 | sort)" \
"$KP_2A,+15005550021,+14155550102
$KP_2B,+15005550022,+14155550100" \
	"whatsapp: identifiers and formatted numbers are stored as E.164"
is "$(api_hits "/Sessions/$KC_2/Participants\\?PageSize=1&Page=1&PageToken=PA$KP_2A")" 1 \
	"the next page is asked for on twilio_api_base, not on proxy.twilio.com"
is "$(grep "/Sessions/$KC_2/" "$T/api/access.log" | cut -d' ' -f1 | sort -u | wc -l)" 1 \
	"both pages came over one connection"

fetch good "$SERVICE" "$KC_3"
is "$rc" 0 "fetch: a server that never stops paging"
is "$(list good "$KC_3" | wc -l)" 3 "the first three pages are stored"
is "$(api_hits "/Sessions/$KC_3/")" 3 "and no more than three pages are asked for"

fetch good "$SERVICE" "$KC_4"
is "$rc" 1 "fetch: truncated JSON fails"
like "$err" "the answer is not JSON" "saying so"
is "$(list good "$KC_4")" "" "nothing is stored"

fetch good "$SERVICE" "$KC_5"
is "$rc" 1 "fetch: a next_page_url on another host fails"
like "$err" "next_page_url 'https://collector.example.net/v1/Accounts/steal\\?Page=1' is not a further page" \
	"saying which URL was refused"
like "$err" "1 participant\\(s\\) stored before that" "the first page was kept"
is "$(api_hits "steal")" 0 "the credentials went nowhere else"

fetch good "$SERVICE" "$KC_6"
is "$rc" 0 "fetch: a chat participant beside a phone"
like "$err" "KP6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a has identifier 'messenger:1234567890', not a phone number" \
	"the chat participant is skipped with a warning"
is "$(list good "$KC_6" | cut -d, -f1,2)" "KP6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b,+15005550062" \
	"the phone participant is stored"

fetch good "$SERVICE" "$KC_7"
is "$rc" 1 "fetch: an unknown session fails"
like "$err" "HTTP 404 \\(The requested resource was not found\\)" "with Twilio's message"

fetch wrong "$SERVICE" "$KC_C"
is "$rc" 1 "fetch: wrong credentials fail"
like "$err" "HTTP 401 \\(Authenticate\\); check account_sid" "saying what to check"
is "$(list wrong "$KC_C")" "" "nothing is stored"
unlike "$out$err" "$PH_TOKEN|not-the-token|$KEY_SECRET" "no secret is ever printed"

fetch slow "$SERVICE" "$KC_C" --timeout-ms 400
is "$rc" 1 "fetch: a slow API fails"
like "$err" "no answer within 400 ms" "after the timeout given"

fetch down "$SERVICE" "$KC_C"
is "$rc" 1 "fetch: an API that is down fails"
like "$err" "127.0.0.1.*$CLOSED_PORT" "naming where it tried"

fetch none "$SERVICE" "$KC_C"
is "$rc" 1 "fetch without credentials fails"
like "$err" "no Twilio credentials in $T/none.conf" "naming the configuration"
fetch good "$SERVICE" "KC123"
is "$rc" 2 "fetch: a malformed session SID is a usage error"
fetch good "KS/../x" "$KC_C"
is "$rc" 2 "fetch: a malformed service SID is a usage error"
fetch good "$SERVICE"
is "$rc" 2 "fetch: both SIDs are required"

# --- the intercept ---------------------------------------------------------

if [ ! -x "$PH_INTERCEPT" ] || ! command -v spawn-fcgi >/dev/null; then
	diag "no proxyhooks-intercept or spawn-fcgi: the intercept tests are skipped"
	done_testing
	exit $?
fi

# The hooks' nginx passes $T/proxyhooks.conf; each phase renames another
# configuration over it, which the running intercept notices and loads.
use_conf() {
	cp "$T/$1.conf" "$T/next.conf"
	mv -f "$T/next.conf" "$T/proxyhooks.conf"
}
use_conf good
start_fcgi intercept "$PH_INTERCEPT" || { echo "Bail out! spawn-fcgi failed"; exit 1; }
start_nginx || { echo "Bail out! nginx failed"; exit 1; }
URL="$BASE/proxyhooks/intercept"

intercept() {	# intercept name=value...: the status in $status
	local answer
	answer=$(ph send intercept-message "$URL" "$@" 2>>"$T/send.err")
	status=$(printf '%s\n' "$answer" | sed -n 's/^HTTP //p')
}

# A fresh directory for the intercept.
mkconf hooks "account_sid = $ACCOUNT" "twilio_api_base = $API"
use_conf hooks
api_mark
intercept
is "$status" 403 "an empty directory: the banned number is blocked on its first interaction"
is "$(list hooks "$KC_C" | cut -d, -f1,2 | sort)" "$KP_D,+15005550006
$KP_E,+15005550007" "the lookup filled the directory with both participants"
intercept "inboundParticipantSid=$KP_E"
is "$status" 200 "the other participant is let through"
is "$(api_hits "/Sessions/$KC_C/")" 1 "one list call learnt both; the second is known: no API call"

intercept "interactionSessionSid=$KC_2" "inboundParticipantSid=$KP_2A"
is "$status" 403 "a 'to' rule applies: the other participant was learnt from the paged list"

intercept "interactionSessionSid=$KC_1" "inboundParticipantSid=$KP_1"
is "$status" 403 "no list, but the participant itself: blocked"
is "$(api_hits "/Sessions/$KC_1/Participants/$KP_1")" 1 "it was fetched on its own"

for i in 1 2 3; do
	intercept "interactionSessionSid=$KC_7" "inboundParticipantSid=$KP_7"
	is "$status" 200 "an unknown participant is let through ($i)"
done
is "$(api_hits "/Sessions/$KC_7/")" 2 "the miss is remembered: the API was asked once (list, then the participant)"
is "$(grep -c "participant $KP_7: .*HTTP 404" "$T/intercept.log")" 1 "the 404 is logged once"

intercept "interactionSessionSid=$KC_6" "inboundParticipantSid=KP6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a"
is "$status" 200 "a chat participant (no number): let through"
is "$(api_hits "/Sessions/$KC_6/")" 1 "its listing was enough to know there is no number"
like "$(cat "$T/intercept.log")" "participant KP6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a: KP6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a has identifier 'messenger:1234567890', not a phone number" \
	"the log says why"

for i in 1 2; do
	intercept "interactionSessionSid=$KC_4" "inboundParticipantSid=$KP_4"
	is "$status" 200 "truncated JSON: let through ($i)"
done
is "$(grep -c "participant $KP_4: .*not JSON" "$T/intercept.log")" 1 "the bad answer is logged once"
is "$(tail -n +$((API_MARK + 1)) "$T/api/access.log" | cut -d' ' -f1 | sort -u | wc -l)" 1 \
	"the intercept used one connection to the API for all its lookups"

# Wrong credentials: let through, logged once as an error.
mkconf hooks-wrong "account_sid = $ACCOUNT" "twilio_api_base = $API"
sed -i "s#^auth_token_file = .*#auth_token_file = $T/wrong_token#" "$T/hooks-wrong.conf"
use_conf hooks-wrong
for i in 1 2; do
	intercept
	is "$status" 200 "the API refuses the credentials: let through ($i)"
done
is "$(grep -c "error: lookup: participant $KP_D: .*HTTP 401" "$T/intercept.log")" 1 \
	"the 401 is logged once, as an error"
# The operator puts the right token in place: the running intercept reads it.
printf '%s\n' "$PH_TOKEN" > "$T/rotated_token"
chmod 600 "$T/rotated_token"
ph_own "$T/rotated_token"
mv -f "$T/rotated_token" "$T/wrong_token"
intercept "interactionSessionSid=$KC_1" "inboundParticipantSid=$KP_1"
is "$status" 403 "after the token file is corrected, lookups work again without a restart"
like "$(cat "$T/intercept.log")" "lookup: re-read the secret in $T/wrong_token" "and the log says so"

# A slow API: each interaction waits at most lookup_timeout_ms (500).
mkconf hooks-slow "account_sid = $ACCOUNT" "twilio_api_base = $API/slow" "lookup_timeout_ms = 500"
use_conf hooks-slow
slow_seen=$(grep -c '/slow/' "$T/api/access.log")
intercept
is "$status" 200 "a slow API: the banned number is let through (fail open)"
# nginx logs the abandoned request when it notices the client left: wait
# for that line before counting what comes after it.
for i in $(seq 1 100); do
	[ "$(grep -c '/slow/' "$T/api/access.log")" -gt "$slow_seen" ] && break
	sleep 0.05
done
api_mark
intercept
is "$status" 200 "again"
is "$(api_hits /slow/)" 0 "without asking the slow API again (the miss is cached)"
intercept "inboundParticipantSid=$KP_E"
is "$status" 200 "another participant of the slow API: let through"
is "$(api_hits /slow/)" 0 "without asking: lookups pause after a timeout"
is "$(grep -c "participant $KP_D: .*no answer within 500 ms" "$T/intercept.log")" 1 \
	"the log says why, once"

# An API that is down.
mkconf hooks-down "account_sid = $ACCOUNT" "twilio_api_base = http://127.0.0.1:$CLOSED_PORT" \
	"lookup_timeout_ms = 500"
use_conf hooks-down
for i in 1 2; do
	intercept
	is "$status" 200 "the API is down: let through ($i)"
done
is "$(grep -c "participant $KP_D: GET http://127.0.0.1:$CLOSED_PORT" "$T/intercept.log")" 1 \
	"the log says why, once"
unlike "$(cat "$T/intercept.log")" "$PH_TOKEN|not-the-token" "the log never holds a secret"

# proxyhooks-voice: a caller the directory does not know is found through
# the Conversations API's Participant Conversations resource (the closed
# conversation and one bound to another number of the platform skipped, the
# open one on the second page), and the whole conversation is put in the
# directory.
mkconf hooks-voice "account_sid = $ACCOUNT" "twilio_api_base = $API" "conversations_api_base = $API"
use_conf hooks-voice
start_fcgi voice "$PH_VOICE" || { echo "Bail out! spawn-fcgi failed"; exit 1; }
api_mark
answer=$(ph send voice "$BASE/proxyhooks/voice" From=+15005550030 Caller=+15005550030 \
	To=+14155550130 Called=+14155550130 2>&1)
like "$answer" '<Dial callerId="\+14155550131"><Number>\+15005550031</Number></Dial>' \
	"a call from a number the directory does not know is connected through the API"
is "$(api_hits '/v1/ParticipantConversations\?Address=%2B15005550030&PageSize=50$')" 1 \
	"the caller's conversations were listed once"
is "$(api_hits '/v1/ParticipantConversations\?Address=%2B15005550030&PageSize=50&Page=1&PageToken=PTCH8686')" 1 \
	"and their second page, on the configured API base"
is "$(api_hits '/v1/Conversations/CH86868686868686868686868686868686/')" 0 \
	"a conversation bound to another number is not fetched"
is "$(api_hits "/v1/Conversations/CH88888888888888888888888888888888/Participants")" 1 \
	"and the open conversation's participants fetched"
is "$(list hooks-voice CH88888888888888888888888888888888 | cut -d, -f1,2 | sort)" \
	"MB88888888888888888888888888888801,+15005550030
MB88888888888888888888888888888802,+15005550031" "both bindings are in the directory, the chat participant not"
api_mark
answer=$(ph send voice "$BASE/proxyhooks/voice" From=+15005550030 To=+14155550130 2>&1)
like "$answer" '<Number>\+15005550031</Number>' "the next call is connected too"
is "$(api_hits /v1/)" 0 "from the directory, without asking the API"
for i in 1 2; do
	answer=$(ph send voice "$BASE/proxyhooks/voice" From=+15005550099 To=+14155550199 2>&1)
	like "$answer" "^HTTP 200" "a caller in no conversation of the API's is answered ($i)"
done
is "$(grep -c "lookup: participant +15005550099: no open conversation binds it to +14155550199" \
	"$T/voice.log")" 1 "the miss is logged once"

done_testing
