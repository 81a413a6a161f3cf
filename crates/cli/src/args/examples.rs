//! The examples at the end of each command's help (and of its manual page).

/// `sciatica --help`: where to start, and what the exit codes mean.
pub const TOP: &str = "Start here:
  sciatica screen            answer the safety questions (a few minutes)
  sciatica setup             your time zone and session times
  sciatica today             what is planned today
  sciatica session           a guided session, one exercise at a time
  sciatica progress          your pain, how far down the leg it reaches, and sessions done

Try it with made-up data:  sciatica demo

Exit codes:
  0    done
  1    it did not work; the message says why (also: questions left unanswered)
  2    bad input; the message names the option or answer and what is allowed
  3    the database cannot be used (not a sciatica database, damaged, or cannot be written)
  130  stopped with Ctrl-C (a guided session keeps what you entered)";

/// `sciatica today`.
pub const TODAY: &str = "Examples:
  sciatica today                                    this morning's and this evening's sessions
  sciatica today --format json                      the same for scripts (\"slots\", \"plan\", ...)";

/// `sciatica session`.
pub const SESSION: &str = "Examples:
  sciatica session                                  start, or carry on with an unfinished one
  sciatica session --no-timers                      count holds yourself and press Enter
  sciatica session --restart                        throw away an unfinished session, start again

Type `stop` at any question to stop an exercise that hurts or sends symptoms down your leg.
Press Ctrl-C to pause: what you entered is kept, and `sciatica session` carries on from there.

With --format json the questions go to standard error and the result is one JSON document:
{\"session_id\", \"saved\", \"blocked\", ...}. The questions must still be answered one by one; to
record a session from a script, use `sciatica log`.";

/// `sciatica progress`.
pub const PROGRESS: &str = "Examples:
  sciatica progress                                 the last 28 days
  sciatica progress --days 120                      four months, week by week when days do not fit
  COLUMNS=60 sciatica progress                      draw the charts for 60 columns

The charts fit the terminal (or COLUMNS when it is set; 80 columns when the output is not a
terminal): a column per day when the days fit, otherwise a column per week.";

/// `sciatica program`.
pub const PROGRAM: &str = "Examples:
  sciatica program                                  your programme, its phase and trials on offer
  sciatica program --phase 2                        move to phase 2 (recovery)
  sciatica program --trial prone-on-elbows          try an exercise on offer and see what it does
  sciatica program --end-trial prone-on-elbows";

/// `sciatica assessed`.
pub const ASSESSED: &str = "Examples:
  sciatica assessed --note \"Seen by my GP on 3 May: no sign of a serious cause\"

Then answer the safety questions again (sciatica screen) so your programme can start.";

/// `sciatica export`.
pub const EXPORT: &str = "Examples:
  sciatica export                                   everything, as JSON on standard output
  sciatica export --output my-sciatica.json         to a file (readable only by you)";

/// `sciatica backup`.
pub const BACKUP: &str = "Examples:
  sciatica backup sciatica-2026-12-03.sqlite        a consistent copy, while the server keeps running
  sciatica --db /srv/sciatica.sqlite backup /backups/$(date +%F).sqlite
  sciatica --db postgres://sciatica@db.internal/sciatica backup /backups/$(date +%F).sqlite

The backup is one SQLite file on either backend (from PostgreSQL: every row, from one
snapshot). It holds health information: keep it as safe as the database. It is checked
(integrity_check) before the command succeeds. For point-in-time recovery of a large
PostgreSQL deployment use the server's tools (pg_basebackup with WAL archiving, pg_dump).";

/// `sciatica restore`.
pub const RESTORE: &str = "Examples:
  sciatica restore sciatica-2026-12-03.sqlite       into an empty or new database
  sciatica --db /srv/sciatica.sqlite restore /backups/2026-12-03.sqlite --replace
  sciatica --db postgres://sciatica@db.internal/sciatica restore /backups/2026-12-03.sqlite --replace

Stop the server first. The backup is checked before anything is replaced; a database that
holds patients is replaced only with --replace. Into PostgreSQL the backup's rows replace the
database's in one transaction.";

/// `sciatica migrate`.
pub const MIGRATE: &str = "Examples:
  sciatica --db /srv/sciatica.sqlite migrate
  sciatica --db postgres://sciatica@db.internal/sciatica migrate --format json

Every command (and the server) migrates the database when it opens it; this does it on its
own, e.g. before starting new instances after an upgrade, and lists what it applied.";

/// `sciatica copy`.
pub const COPY: &str = "Examples:
  sciatica copy --from /srv/sciatica.sqlite --to postgres://sciatica@db.internal/sciatica
  sciatica copy --from postgres://sciatica@db.internal/sciatica --to /srv/back.sqlite
  sciatica copy --from clinic.sqlite --to postgres://sciatica@db.internal/sciatica --replace

Both databases are brought up to this version's schema first. The source is read from one
consistent moment (it may keep working); the target is written in one transaction, which
holds its write lock, and must be empty unless --replace (which empties it in that same
transaction). Afterwards every table's rows are counted in the target and compared with
the source: a difference is an error.";

/// `sciatica delete`.
pub const DELETE: &str = "Examples:
  sciatica delete                                   asks you to type DELETE first
  sciatica delete --yes                             without asking (for scripts)

Consider `sciatica export` first: deleting cannot be undone.";

/// `sciatica demo`.
pub const DEMO: &str = "Examples:
  sciatica demo                                     a demo database with 24 days of history
  sciatica demo --days 120 --force                  four months, replacing the demo database
  sciatica demo --serve                             the web application with demo accounts
  sciatica --db /tmp/try.sqlite demo --patients 20  twenty patients in a file of your choice";

/// `sciatica measure take`.
pub const MEASURE_TAKE: &str = "Examples:
  sciatica measure take nrs                         asked leg pain, then back pain
  sciatica measure take nrs --answers 4,2           save leg 4 and back 2 without being asked
  sciatica measure take psfs --answers 3,5,,, --activities \"Sitting,Putting on socks\"

The result is saved with the change from your first score and whether it is a change that
matters. `sciatica measure score --help` lists the measures and their answer codes.";

/// `sciatica admin invite`.
pub const ADMIN_INVITE: &str = "Examples:
  sciatica admin invite                             a link for a new patient
  sciatica admin invite --role clinician --email dr.lee@clinic.example
  sciatica admin invite --base-url https://sciatica.example.org";

/// `sciatica admin create-user`.
pub const ADMIN_CREATE_USER: &str = "Examples:
  sciatica admin create-user --email sam@example.org --name Sam --time-zone Europe/London
  sciatica admin create-user --email admin@clinic.example --role admin
  printf '%s' \"$PASSWORD\" | sciatica admin create-user --email sam@example.org --password-stdin";

/// `sciatica admin reset-link`.
pub const ADMIN_RESET_LINK: &str = "Examples:
  sciatica admin reset-link --email sam@example.org
  sciatica admin reset-link --email sam@example.org --base-url https://sciatica.example.org";

/// `sciatica admin users`.
pub const ADMIN_USERS: &str = "Examples:
  sciatica admin users                              email, role and date of every account
  sciatica admin users --format json";

/// `sciatica admin rebuild-records`.
pub const ADMIN_REBUILD: &str = "Examples:
  sciatica admin rebuild-records                    after an upgrade: says how many differed
  sciatica --db /srv/sciatica/sciatica.sqlite admin rebuild-records --format json";

/// `sciatica admin open-signup`.
pub const ADMIN_SIGNUP: &str = "Examples:
  sciatica admin open-signup on                     anyone may make a self-manager account
  sciatica admin open-signup off                    accounts by invitation only";

/// `sciatica content check`.
pub const CONTENT_CHECK: &str = "Examples:
  sciatica content check my-content                 sources, references, ids and doses
  sciatica content check my-content --format json

Exit code 2 means a problem was found; each is listed with its file.";

/// `sciatica content export`.
pub const CONTENT_EXPORT: &str = "Examples:
  sciatica content export my-content                the built-in content, to adapt
  sciatica --content my-content today               then use it (or set SCIATICA_CONTENT)";

/// `sciatica completions`.
pub const COMPLETIONS: &str = "Examples:
  sciatica completions bash > ~/.local/share/bash-completion/completions/sciatica
  sciatica completions zsh > ~/.zfunc/_sciatica     with fpath+=(~/.zfunc) before compinit
  sciatica completions fish > ~/.config/fish/completions/sciatica.fish";

/// `sciatica man`.
pub const MAN: &str = "Examples:
  sciatica man | man -l -                           read it now
  sciatica man > ~/.local/share/man/man1/sciatica.1
  sciatica man --dir ~/.local/share/man/man1        a page for every command";

/// `sciatica measure`.
pub const MEASURE: &str = "Examples:
  sciatica measure score odi --answers 3,2,3,2,4,3,1,0,2,3   score answers (nothing is saved)
  sciatica measure take odi                         answer here and save the result";

/// `sciatica symptoms`.
pub const SYMPTOMS: &str = "Examples:
  sciatica symptoms classify --pre 4 --post 2 --late 2";

/// `sciatica admin`.
pub const ADMIN: &str = "Examples:
  sciatica admin invite --role clinician            a link to make a clinician's account
  sciatica admin users                              every account";

/// `sciatica content`.
pub const CONTENT: &str = "Examples:
  sciatica content export my-content                start adapting the built-in content
  sciatica content check my-content                 check it before using it with --content";
