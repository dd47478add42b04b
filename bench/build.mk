# bench/build.mk: how bench/run builds its small programs in a
# configured build folder, with that build's compiler flags and libraries:
#     make -C BUILD -f Makefile -f SRCDIR/bench/build.mk bench-programs
# (fed to make beside the build's Makefile, so it needs no Makefile.am entry).
BENCH_PROGRAMS = bench/driver bench/empty-responder bench/spawn bench/hello \
	bench/hello-linked bench/hello-signed

bench-programs: $(BENCH_PROGRAMS)

bench/driver: $(srcdir)/bench/driver.c libproxyhooks.a
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/driver.c $(PH_LIBS) $(LIBS)

bench/empty-responder: $(srcdir)/bench/empty-responder.c
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/empty-responder.c $(FCGI_LIBS) $(LIBS)

bench/spawn: $(srcdir)/bench/spawn.c
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/spawn.c $(LIBS)

bench/hello: $(srcdir)/bench/hello.c
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/hello.c $(FCGI_LIBS) $(LIBS)

# bench/hello with the libraries the intercept loads at its start, none of them
# called (SQLite only in a static build: the store loads it when it opens).
bench/hello-linked: $(srcdir)/bench/hello.c Makefile
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/hello.c -Wl,--no-as-needed \
	    $(FCGI_LIBS) $(SQLITE3_LINK) $(NETTLE_LIBS) $(PCRE2_LIBS) $(JANSSON_LIBS) \
	    $(INIH_LIBS) -Wl,--as-needed $(LIBS)

bench/hello-signed: $(srcdir)/bench/hello-signed.c libproxyhooks.a
	@mkdir -p bench
	$(COMPILE) $(AM_LDFLAGS) $(LDFLAGS) -o $@ $(srcdir)/bench/hello-signed.c libproxyhooks.a \
	    $(FCGI_LIBS) $(NETTLE_LIBS) $(LIBS)

.PHONY: bench-programs
