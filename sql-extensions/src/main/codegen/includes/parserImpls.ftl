<#--
  Productions of the Spark Jobs extended grammar (shared GRAMMAR.md), added to Calcite's
  Parser.jj through config.fmpp. Productions only parse and call constructors or factories;
  every node class lives in dev.sparkjobs.sql.parser.*.

  This file is read by JavaCC 4.0, whose Java grammar is Java 5: no diamond, no lambdas,
  no multi-catch in actions and JAVACODE bodies.
-->

<#-- ===================================================================================== -->
<#-- Shared pieces                                                                          -->
<#-- ===================================================================================== -->

/** Parses {@code [IF NOT EXISTS]}. */
boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses {@code [IF EXISTS]}. */
boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses {@code ('key' = value, ...)}: engine, connector and sink settings. */
SqlNodeList PropertyList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode property;
}
{
    <LPAREN> { s = span(); }
    [
        property = Property() { list.add(property); }
        (
            <COMMA> property = Property() { list.add(property); }
        )*
    ]
    <RPAREN> {
        return new SqlNodeList(list, s.end(this));
    }
}

SqlNode Property() :
{
    final SqlNode key;
    final SqlNode value;
}
{
    key = StringLiteral()
    <EQ>
    (
        value = StringLiteral()
    |
        value = NumericLiteral()
    |
        value = SpecialLiteral()
    )
    {
        return new SqlProperty(Span.of(key).end(value), key, value);
    }
}

/**
 * A duration: an interval literal, {@code INTERVAL '5' MINUTE}, or Spark's unquoted form,
 * {@code INTERVAL 5 MINUTES}, which becomes the same literal.
 */
SqlNode Duration() :
{
    final Span s;
    final SqlNode literal;
    final SqlNumericLiteral count;
    final SqlIntervalQualifier qualifier;
}
{
    LOOKAHEAD(2)
    literal = IntervalLiteral() { return literal; }
|
    <INTERVAL> { s = span(); } count = UnsignedNumericLiteral() qualifier = IntervalQualifierStart() {
        return SqlParserUtil.parseIntervalLiteral(s.end(qualifier), 1, count.toValue(), qualifier);
    }
}

/** Parses a positive count such as {@code RETRY 3} or {@code LIMIT 10}. */
SqlNumericLiteral Count() :
{
}
{
    <UNSIGNED_INTEGER_LITERAL> {
        return SqlLiteral.createExactNumeric(token.image, getPos());
    }
}

/** Parses {@code name [, name]*}. */
SqlNodeList IdentifierCommaList() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier id;
}
{
    id = CompoundIdentifier() { list.add(id); }
    (
        <COMMA> id = CompoundIdentifier() { list.add(id); }
    )*
    {
        return new SqlNodeList(list, Span.of(list).pos());
    }
}

/** A name that may be given as an identifier or as a string literal (run ids). */
SqlNode NameOrString() :
{
    final SqlNode name;
}
{
    (
        name = CompoundIdentifier()
    |
        name = StringLiteral()
    )
    { return name; }
}

/** Spark's {@code ARRAY<type>}. */
SqlTypeNameSpec SparkArrayTypeName() :
{
    final Span s;
    final SqlDataTypeSpec element;
}
{
    <ARRAY> { s = span(); } <LT> element = DataType() <GT> {
        return new SqlCollectionTypeNameSpec(element.getTypeNameSpec(), SqlTypeName.ARRAY, s.end(this));
    }
}

/** Spark's {@code STRUCT<name [:] type, ...>}. */
SqlTypeNameSpec SparkStructTypeName() :
{
    final Span s;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    final List<SqlDataTypeSpec> types = new ArrayList<SqlDataTypeSpec>();
}
{
    <STRUCT> { s = span(); } <LT>
    SparkStructField(names, types)
    ( <COMMA> SparkStructField(names, types) )*
    <GT> {
        return new SqlRowTypeNameSpec(s.end(this), names, types);
    }
}

void SparkStructField(List<SqlIdentifier> names, List<SqlDataTypeSpec> types) :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
}
{
    name = SimpleIdentifier() [ <COLON> ] type = DataType() {
        names.add(name);
        types.add(type);
    }
}

/**
 * One statement embedded in an extended statement (a job step, a stream query), up to
 * {@code stop}. Calcite parses it when it can; otherwise it is kept as the user's text, so
 * Spark-only SQL still reaches Spark unchanged. See {@link EmbeddedSql}.
 */
JAVACODE
SqlEmbeddedStatement EmbeddedStatement(EmbeddedSql.Stop stop)
{
    final Token before = token;
    final Token last = EmbeddedSql.lastToken(this, stop);
    final Token first = before.next;
    final SqlNode parsed = parseEmbedded(before, last, false);
    token = last;
    jj_ntk = -1;
    return EmbeddedSql.statement(getOriginalSql(), first, last, parsed);
}

/** A boolean expression up to the closing parenthesis, as {@link #EmbeddedStatement}. */
JAVACODE
SqlEmbeddedStatement EmbeddedExpression()
{
    final Token before = token;
    final Token last = EmbeddedSql.lastToken(this, EmbeddedSql.Stop.CLOSING_PARENTHESIS);
    final Token first = before.next;
    final SqlNode parsed = parseEmbedded(before, last, true);
    token = last;
    jj_ntk = -1;
    return EmbeddedSql.statement(getOriginalSql(), first, last, parsed);
}

/**
 * Tries Calcite's grammar on the tokens after {@code before} up to {@code last}, with an
 * end-of-input token spliced in after {@code last}; returns null when they do not parse.
 * The token chain, the dynamic parameter count and the lexer are as before either way.
 */
JAVACODE
SqlNode parseEmbedded(Token before, Token last, boolean expression)
{
    final Token boundary = last.next;
    final Token end = EmbeddedSql.endOfInput(boundary);
    final int dynamicParams = nDynamicParams;
    SqlNode parsed;
    last.next = end;
    token = before;
    jj_ntk = -1;
    try {
        if (expression) {
            parsed = Expression(ExprContext.ACCEPT_NON_QUERY);
        } else {
            parsed = SqlStmt();
        }
        jj_consume_token(EOF);
    } catch (ParseException e) {
        parsed = null;
    } catch (RuntimeException e) {
        parsed = null;
    } finally {
        last.next = boundary;
    }
    if (parsed == null) {
        nDynamicParams = dynamicParams;
    }
    return parsed;
}

<#-- ===================================================================================== -->
<#-- Jobs                                                                                   -->
<#-- ===================================================================================== -->

/** CREATE [OR REPLACE] JOB [IF NOT EXISTS] name clause* AS body */
SqlCreate SqlCreateJob(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final JobClausesBuilder clauses = new JobClausesBuilder();
    final SqlJobBody body;
}
{
    <JOB> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    ( JobClause(clauses) )*
    <AS> body = JobBody() {
        return new SqlCreateJob(s.end(this), replace, ifNotExists, name, clauses.build(name.getParserPosition()), body);
    }
}

/** AS { statement | BEGIN statement; ... END } */
SqlJobBody JobBody() :
{
    final Span s;
    final List<SqlNode> statements = new ArrayList<SqlNode>();
    SqlEmbeddedStatement statement;
}
{
    (
        LOOKAHEAD(1)
        <BEGIN> { s = span(); }
        statement = EmbeddedStatement(EmbeddedSql.Stop.BLOCK_STATEMENT_END) { statements.add(statement); }
        (
            LOOKAHEAD({ getToken(1).kind == SEMICOLON && getToken(2).kind != END })
            <SEMICOLON>
            statement = EmbeddedStatement(EmbeddedSql.Stop.BLOCK_STATEMENT_END) { statements.add(statement); }
        )*
        [ <SEMICOLON> ]
        <END> {
            return SqlJobBody.block(s.end(this), statements);
        }
    |
        statement = EmbeddedStatement(EmbeddedSql.Stop.STATEMENT_END) {
            return SqlJobBody.single(statement);
        }
    )
}

/** One clause of CREATE JOB or ALTER JOB ... SET, in any order. */
void JobClause(JobClausesBuilder clauses) :
{
    final Span s;
    SqlNode node;
    SqlNodeList list;
}
{
    <COMMENT> { s = span(); } node = StringLiteral() {
        clauses.comment(s.end(this), node);
    }
|
    <IN> { s = span(); } <POOL> node = CompoundIdentifier() {
        clauses.pool(s.end(this), node);
    }
|
    <WITH> { s = span(); } list = PropertyList() {
        clauses.properties(s.end(this), list);
    }
|
    node = Schedule() {
        clauses.schedule(node);
    }
|
    node = Dependencies() {
        clauses.after(node);
    }
|
    node = RetryPolicy() {
        clauses.retry(node);
    }
|
    <TIMEOUT> { s = span(); } node = Duration() {
        clauses.timeout(s.end(this), node);
    }
|
    node = Sla() {
        clauses.sla(node);
    }
|
    <CONCURRENCY> { s = span(); }
    (
        <ALLOW> { node = SqlLiteral.createSymbol(SqlJobClauses.Concurrency.ALLOW, getPos()); }
    |
        <FORBID> { node = SqlLiteral.createSymbol(SqlJobClauses.Concurrency.FORBID, getPos()); }
    |
        <REPLACE> { node = SqlLiteral.createSymbol(SqlJobClauses.Concurrency.REPLACE, getPos()); }
    |
        <QUEUE> { node = SqlLiteral.createSymbol(SqlJobClauses.Concurrency.QUEUE, getPos()); }
    )
    {
        clauses.concurrency(s.end(this), node);
    }
|
    <SUSPEND> { s = span(); } <AFTER> node = Count() <FAILURES> {
        clauses.suspendAfterFailures(s.end(this), node);
    }
|
    node = Expectation() {
        clauses.expectation(node);
    }
|
    node = Notification() {
        clauses.notification(node);
    }
}

/** SCHEDULE CRON 'expr' [TIME ZONE 'zone'] | EVERY interval | ON FILE ARRIVAL IN 'path' | MANUAL */
SqlSchedule Schedule() :
{
    final Span s;
    final SqlNode value;
    SqlNode zone = null;
}
{
    <SCHEDULE> { s = span(); }
    (
        <CRON> value = StringLiteral()
        [ <TIME> <ZONE> zone = StringLiteral() ]
        {
            return SqlSchedule.cron(s.end(this), value, zone);
        }
    |
        <EVERY> value = Duration() {
            return SqlSchedule.every(s.end(this), value);
        }
    |
        <ON> <FILE> <ARRIVAL> <IN> value = StringLiteral() {
            return SqlSchedule.fileArrival(s.end(this), value);
        }
    |
        <MANUAL> {
            return SqlSchedule.manual(s.end(this));
        }
    )
}

/** AFTER a, b [WHEN ALL SUCCEEDED | ALL DONE | ANY SUCCEEDED | ANY FAILED] */
SqlJobDependencies Dependencies() :
{
    final Span s;
    final SqlNodeList jobs;
    SqlJobDependencies.Condition condition = SqlJobDependencies.Condition.ALL_SUCCEEDED;
    boolean explicit = false;
}
{
    <AFTER> { s = span(); } jobs = IdentifierCommaList()
    [
        <WHEN> { explicit = true; }
        (
            <ALL>
            (
                <SUCCEEDED> { condition = SqlJobDependencies.Condition.ALL_SUCCEEDED; }
            |
                <DONE> { condition = SqlJobDependencies.Condition.ALL_DONE; }
            )
        |
            <ANY>
            (
                <SUCCEEDED> { condition = SqlJobDependencies.Condition.ANY_SUCCEEDED; }
            |
                <FAILED> { condition = SqlJobDependencies.Condition.ANY_FAILED; }
            )
        )
    ]
    {
        return new SqlJobDependencies(s.end(this), jobs,
            explicit ? SqlLiteral.createSymbol(condition, getPos()) : null);
    }
}

/** RETRY n [TIMES] [DELAY interval] [BACKOFF FIXED | EXPONENTIAL [MAX interval]] */
SqlRetryPolicy RetryPolicy() :
{
    final Span s;
    final SqlNode attempts;
    SqlNode delay = null;
    SqlNode backoff = null;
    SqlNode maxDelay = null;
}
{
    <RETRY> { s = span(); } attempts = Count() [ <TIMES> ]
    [ <DELAY> delay = Duration() ]
    [
        <BACKOFF>
        (
            <FIXED> { backoff = SqlLiteral.createSymbol(SqlRetryPolicy.Backoff.FIXED, getPos()); }
        |
            <EXPONENTIAL> { backoff = SqlLiteral.createSymbol(SqlRetryPolicy.Backoff.EXPONENTIAL, getPos()); }
            [ <MAX> maxDelay = Duration() ]
        )
    ]
    {
        return new SqlRetryPolicy(s.end(this), attempts, delay, backoff, maxDelay);
    }
}

/** SLA FINISH WITHIN interval [OF SCHEDULED TIME] | SLA MAX RUNTIME interval | SLA MAX LAG interval */
SqlSla Sla() :
{
    final Span s;
    final SqlNode interval;
    boolean ofScheduledTime = false;
}
{
    <SLA> { s = span(); }
    (
        <FINISH> <WITHIN> interval = Duration()
        [ <OF> <SCHEDULED> <TIME> { ofScheduledTime = true; } ]
        {
            return SqlSla.finishWithin(s.end(this), interval, ofScheduledTime);
        }
    |
        LOOKAHEAD(2)
        <MAX> <RUNTIME> interval = Duration() {
            return SqlSla.maxRuntime(s.end(this), interval);
        }
    |
        <MAX> <LAG> interval = Duration() {
            return SqlSla.maxLag(s.end(this), interval);
        }
    )
}

/** CONSTRAINT name EXPECT (condition) [ON VIOLATION WARN | DROP ROW | FAIL | QUARANTINE INTO table] */
SqlExpectation Expectation() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlEmbeddedStatement condition;
    SqlNode action = null;
    SqlNode quarantine = null;
}
{
    <CONSTRAINT> { s = span(); } name = SimpleIdentifier()
    <EXPECT> <LPAREN> condition = EmbeddedExpression() <RPAREN>
    [
        LOOKAHEAD(2)
        <ON> <VIOLATION>
        (
            <WARN> { action = SqlLiteral.createSymbol(SqlExpectation.Action.WARN, getPos()); }
        |
            <DROP> <ROW> { action = SqlLiteral.createSymbol(SqlExpectation.Action.DROP_ROW, getPos()); }
        |
            <FAIL> { action = SqlLiteral.createSymbol(SqlExpectation.Action.FAIL, getPos()); }
        |
            <QUARANTINE> <INTO> quarantine = CompoundIdentifier() {
                action = SqlLiteral.createSymbol(SqlExpectation.Action.QUARANTINE, getPos());
            }
        )
    ]
    {
        return new SqlExpectation(s.end(this), name, condition, action, quarantine);
    }
}

/** ON SUCCESS | FAILURE | SLA MISS NOTIFY 'target' */
SqlNotification Notification() :
{
    final Span s;
    final SqlNotification.Event event;
    final SqlNode target;
}
{
    <ON> { s = span(); }
    (
        <SUCCESS> { event = SqlNotification.Event.SUCCESS; }
    |
        <FAILURE> { event = SqlNotification.Event.FAILURE; }
    |
        <SLA> <MISS> { event = SqlNotification.Event.SLA_MISS; }
    )
    <NOTIFY> target = StringLiteral() {
        return new SqlNotification(s.end(this), event, target);
    }
}

/** ALTER JOB name { SUSPEND | RESUME | SET clause... | UNSET what | ADD AFTER ... | DROP AFTER ... | AS body | RENAME TO new } */
SqlNode SqlAlterJob() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlNode node;
    final JobClausesBuilder clauses = new JobClausesBuilder();
    final SqlJobBody body;
    final SqlNodeList jobs;
    final SqlIdentifier newName;
}
{
    <ALTER> { s = span(); } <JOB> name = CompoundIdentifier()
    (
        <SUSPEND> {
            return new SqlAlterJobState(s.end(this), name, SqlAlterJobState.Action.SUSPEND);
        }
    |
        <RESUME> {
            return new SqlAlterJobState(s.end(this), name, SqlAlterJobState.Action.RESUME);
        }
    |
        <SET> ( JobClause(clauses) )+ {
            return new SqlAlterJobSet(s.end(this), name, clauses.build(getPos()));
        }
    |
        <UNSET>
        (
            <SCHEDULE> { node = SqlLiteral.createSymbol(SqlAlterJobUnset.Clause.SCHEDULE, getPos()); }
        |
            <RETRY> { node = SqlLiteral.createSymbol(SqlAlterJobUnset.Clause.RETRY, getPos()); }
        |
            <TIMEOUT> { node = SqlLiteral.createSymbol(SqlAlterJobUnset.Clause.TIMEOUT, getPos()); }
        |
            <SLA> { node = SqlLiteral.createSymbol(SqlAlterJobUnset.Clause.SLA, getPos()); }
        )
        {
            return new SqlAlterJobUnset(s.end(this), name, node);
        }
    |
        <ADD> <AFTER> jobs = IdentifierCommaList() {
            return new SqlAlterJobDependencies(s.end(this), name, true, jobs);
        }
    |
        <DROP> <AFTER> jobs = IdentifierCommaList() {
            return new SqlAlterJobDependencies(s.end(this), name, false, jobs);
        }
    |
        <AS> body = JobBody() {
            return new SqlAlterJobAs(s.end(this), name, body);
        }
    |
        <RENAME> <TO> newName = CompoundIdentifier() {
            return new SqlAlterJobRename(s.end(this), name, newName);
        }
    )
}

/** DROP JOB [IF EXISTS] name [RESTRICT | CASCADE] */
SqlDrop SqlDropJob(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    SqlDropJob.Behavior behavior = null;
}
{
    <JOB> ifExists = IfExistsOpt() name = CompoundIdentifier()
    [
        <RESTRICT> { behavior = SqlDropJob.Behavior.RESTRICT; }
    |
        <CASCADE> { behavior = SqlDropJob.Behavior.CASCADE; }
    ]
    {
        return new SqlDropJob(s.end(this), ifExists, name, behavior);
    }
}

/**
 * RUN JOB name [WITH (...)] [FROM TIMESTAMP '...' TO TIMESTAMP '...' EVERY interval]
 * [RETRY LAST] [SAMPLE n ROWS] [WAIT [TIMEOUT interval]]
 */
SqlNode SqlRunJob() :
{
    final Span s;
    final SqlIdentifier name;
    SqlNodeList parameters = null;
    SqlNode from = null;
    SqlNode to = null;
    SqlNode every = null;
    boolean retryLast = false;
    SqlNode sample = null;
    boolean wait = false;
    SqlNode waitTimeout = null;
}
{
    <RUN> { s = span(); } <JOB> name = CompoundIdentifier()
    [ <WITH> parameters = PropertyList() ]
    [
        <FROM> from = DateTimeLiteral()
        <TO> to = DateTimeLiteral()
        <EVERY> every = Duration()
    ]
    [ <RETRY> <LAST> { retryLast = true; } ]
    [ <SAMPLE> sample = Count() <ROWS> ]
    [
        <WAIT> { wait = true; }
        [ <TIMEOUT> waitTimeout = Duration() ]
    ]
    {
        return new SqlRunJob(s.end(this), name, parameters, from, to, every, retryLast, sample, wait, waitTimeout);
    }
}

/** CANCEL RUN 'run-id' [GRACEFULLY | IMMEDIATELY] | CANCEL JOB name [GRACEFULLY | IMMEDIATELY] */
SqlNode SqlCancel() :
{
    final Span s;
    final SqlNode run;
    final SqlIdentifier job;
    SqlCancelMode mode = null;
}
{
    <CANCEL> { s = span(); }
    (
        <RUN> run = NameOrString() [ mode = CancelMode() ] {
            return new SqlCancelRun(s.end(this), run, mode);
        }
    |
        <JOB> job = CompoundIdentifier() [ mode = CancelMode() ] {
            return new SqlCancelJob(s.end(this), job, mode);
        }
    )
}

SqlCancelMode CancelMode() :
{
}
{
    <GRACEFULLY> { return SqlCancelMode.GRACEFULLY; }
|
    <IMMEDIATELY> { return SqlCancelMode.IMMEDIATELY; }
}

<#-- ===================================================================================== -->
<#-- Streams                                                                                -->
<#-- ===================================================================================== -->

/**
 * CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name (columns, WATERMARK ...) WITH (...)
 * | CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name clause* AS query
 */
SqlCreate SqlCreateStream(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    SqlNode watermark = null;
    final SqlNodeList withList;
    final StreamClausesBuilder clauses = new StreamClausesBuilder();
    final SqlEmbeddedStatement query;
}
{
    <STREAM> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    (
        <LPAREN>
        watermark = StreamElement(columns, watermark)
        ( <COMMA> watermark = StreamElement(columns, watermark) )*
        <RPAREN>
        <WITH> withList = PropertyList() {
            return new SqlCreateStream(s.end(this), replace, ifNotExists, name,
                new SqlNodeList(columns, Span.of(columns).pos()), watermark, withList);
        }
    |
        ( StreamClause(clauses) )*
        <AS> query = EmbeddedStatement(EmbeddedSql.Stop.STATEMENT_END) {
            return new SqlCreateStreamAs(s.end(this), replace, ifNotExists, name,
                clauses.build(name.getParserPosition()), query);
        }
    )
}

/** A column or the WATERMARK of a source stream; returns the watermark seen so far. */
SqlNode StreamElement(List<SqlNode> columns, SqlNode watermark) :
{
    final Span s;
    final SqlIdentifier column;
    final SqlDataTypeSpec type;
    final SqlNode delay;
    boolean nullable = true;
}
{
    LOOKAHEAD(2)
    <WATERMARK> { s = span(); } <FOR> column = SimpleIdentifier() <AS>
    delay = Expression(ExprContext.ACCEPT_NON_QUERY) {
        return SqlWatermark.create(s.end(this), column, delay, watermark);
    }
|
    column = SimpleIdentifier() type = DataType()
    [ <NOT> <NULL> { nullable = false; } ]
    {
        columns.add(new SqlStreamColumn(Span.of(column).end(this), column, type.withNullable(nullable)));
        return watermark;
    }
}

/** One clause of a continuous query stream, in any order. */
void StreamClause(StreamClausesBuilder clauses) :
{
    final Span s;
    SqlNode node;
    SqlNodeList list;
}
{
    <INTO> { s = span(); } node = CompoundIdentifier() {
        clauses.into(s.end(this), node);
    }
|
    <IN> { s = span(); } <POOL> node = CompoundIdentifier() {
        clauses.pool(s.end(this), node);
    }
|
    <WITH> { s = span(); } list = PropertyList() {
        clauses.properties(s.end(this), list);
    }
|
    node = StreamWindow() {
        clauses.window(node);
    }
|
    <TRIGGER> { s = span(); }
    (
        <PROCESSING> <TIME> node = Duration() {
            clauses.trigger(SqlStreamTrigger.processingTime(s.end(this), node));
        }
    |
        <AVAILABLE> <NOW> {
            clauses.trigger(SqlStreamTrigger.availableNow(s.end(this)));
        }
    )
|
    <EMIT> { s = span(); }
    (
        <CHANGES> { node = SqlLiteral.createSymbol(SqlStreamClauses.Emit.CHANGES, getPos()); }
    |
        <FINAL> { node = SqlLiteral.createSymbol(SqlStreamClauses.Emit.FINAL, getPos()); }
    )
    {
        clauses.emit(s.end(this), node);
    }
|
    <LATE> { s = span(); } <DATA>
    (
        <DROP> {
            clauses.lateData(s.end(this), null);
        }
    |
        <INTO> node = CompoundIdentifier() {
            clauses.lateData(s.end(this), node);
        }
    )
|
    node = RetryPolicy() {
        clauses.retry(node);
    }
|
    node = Sla() {
        clauses.sla(node);
    }
}

/**
 * WINDOW TUMBLING (SIZE size [, GRACE PERIOD interval])
 *      | HOPPING (SIZE size, ADVANCE BY size [, GRACE PERIOD interval])
 *      | SESSION (GAP interval [, GRACE PERIOD interval])
 *   [ON time_column]
 * where size is an interval or {@code n ROWS}.
 */
SqlStreamWindow StreamWindow() :
{
    final Span s;
    final SqlStreamWindow.Kind kind;
    SqlNode size = null;
    SqlNode advance = null;
    SqlNode gap = null;
    SqlNode grace = null;
    SqlIdentifier timeColumn = null;
}
{
    <WINDOW> { s = span(); }
    (
        <TUMBLING> { kind = SqlStreamWindow.Kind.TUMBLING; }
        <LPAREN> <SIZE> size = WindowSize()
    |
        <HOPPING> { kind = SqlStreamWindow.Kind.HOPPING; }
        <LPAREN> <SIZE> size = WindowSize() <COMMA> <ADVANCE> <BY> advance = WindowSize()
    |
        <SESSION> { kind = SqlStreamWindow.Kind.SESSION; }
        <LPAREN> <GAP> gap = Duration()
    )
    [ <COMMA> <GRACE> <PERIOD> grace = Duration() ]
    <RPAREN>
    [ <ON> timeColumn = SimpleIdentifier() ]
    {
        return new SqlStreamWindow(s.end(this), kind, size, advance, gap, grace, timeColumn);
    }
}

/** An interval, or {@code n ROWS} for a count-based window. */
SqlNode WindowSize() :
{
    final SqlNode size;
}
{
    (
        size = Duration()
    |
        size = Count() <ROWS>
    )
    { return size; }
}

/** ALTER STREAM name { PAUSE | RESUME | RESTART [FROM EARLIEST | LATEST | CHECKPOINT] | AS query KEEP STATE | AS query RESET STATE } */
SqlNode SqlAlterStream() :
{
    final Span s;
    final SqlIdentifier name;
    SqlAlterStreamRestart.From from = null;
    final SqlEmbeddedStatement query;
    final boolean keepState;
}
{
    <ALTER> { s = span(); } <STREAM> name = CompoundIdentifier()
    (
        <PAUSE> {
            return new SqlAlterStreamState(s.end(this), name, SqlAlterStreamState.Action.PAUSE);
        }
    |
        <RESUME> {
            return new SqlAlterStreamState(s.end(this), name, SqlAlterStreamState.Action.RESUME);
        }
    |
        <RESTART>
        [
            <FROM>
            (
                <EARLIEST> { from = SqlAlterStreamRestart.From.EARLIEST; }
            |
                <LATEST> { from = SqlAlterStreamRestart.From.LATEST; }
            |
                <CHECKPOINT> { from = SqlAlterStreamRestart.From.CHECKPOINT; }
            )
        ]
        {
            return new SqlAlterStreamRestart(s.end(this), name, from);
        }
    |
        <AS> query = EmbeddedStatement(EmbeddedSql.Stop.STATE_CLAUSE)
        (
            <KEEP> { keepState = true; }
        |
            <RESET> { keepState = false; }
        )
        <STATE> {
            return new SqlAlterStreamAs(s.end(this), name, query, keepState);
        }
    )
}

/** DROP STREAM [IF EXISTS] name [KEEP CHECKPOINT] */
SqlDrop SqlDropStream(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    boolean keepCheckpoint = false;
}
{
    <STREAM> ifExists = IfExistsOpt() name = CompoundIdentifier()
    [ <KEEP> <CHECKPOINT> { keepCheckpoint = true; } ]
    {
        return new SqlDropStream(s.end(this), ifExists, name, keepCheckpoint);
    }
}

<#-- ===================================================================================== -->
<#-- Pools                                                                                  -->
<#-- ===================================================================================== -->

/** CREATE [OR REPLACE] POOL [IF NOT EXISTS] name [WITH (...)] */
SqlCreate SqlCreatePool(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList withList = null;
}
{
    <POOL> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    [ <WITH> withList = PropertyList() ]
    {
        return new SqlCreatePool(s.end(this), replace, ifNotExists, name, withList);
    }
}

/** ALTER POOL name SET WITH (...) */
SqlNode SqlAlterPool() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlNodeList withList;
}
{
    <ALTER> { s = span(); } <POOL> name = CompoundIdentifier()
    <SET> <WITH> withList = PropertyList() {
        return new SqlAlterPool(s.end(this), name, withList);
    }
}

/** DROP POOL [IF EXISTS] name */
SqlDrop SqlDropPool(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <POOL> ifExists = IfExistsOpt() name = CompoundIdentifier() {
        return new SqlDropPool(s.end(this), ifExists, name);
    }
}

<#-- ===================================================================================== -->
<#-- Introspection                                                                          -->
<#-- ===================================================================================== -->

/**
 * SHOW JOBS | STREAMS | POOLS | ENGINES [LIKE 'pattern']
 * | SHOW RUNS [FOR JOB name | FOR STREAM name] [LIMIT n]
 * | SHOW CREATE JOB | STREAM name
 */
SqlNode SqlShow() :
{
    final Span s;
    final SqlShowObjects.Kind kind;
    SqlNode like = null;
    SqlShowRuns.Owner owner = null;
    SqlIdentifier name = null;
    SqlNode limit = null;
    final SqlShowCreate.Kind createKind;
}
{
    <SHOW> { s = span(); }
    (
        (
            <JOBS> { kind = SqlShowObjects.Kind.JOBS; }
        |
            <STREAMS> { kind = SqlShowObjects.Kind.STREAMS; }
        |
            <POOLS> { kind = SqlShowObjects.Kind.POOLS; }
        |
            <ENGINES> { kind = SqlShowObjects.Kind.ENGINES; }
        )
        [ <LIKE> like = StringLiteral() ]
        {
            return new SqlShowObjects(s.end(this), kind, like);
        }
    |
        <RUNS>
        [
            <FOR>
            (
                <JOB> { owner = SqlShowRuns.Owner.JOB; }
            |
                <STREAM> { owner = SqlShowRuns.Owner.STREAM; }
            )
            name = CompoundIdentifier()
        ]
        [ <LIMIT> limit = Count() ]
        {
            return new SqlShowRuns(s.end(this), owner, name, limit);
        }
    |
        <CREATE>
        (
            <JOB> { createKind = SqlShowCreate.Kind.JOB; }
        |
            <STREAM> { createKind = SqlShowCreate.Kind.STREAM; }
        )
        name = CompoundIdentifier() {
            return new SqlShowCreate(s.end(this), createKind, name);
        }
    )
}

/** DESCRIBE | DESC JOB | STREAM | RUN | POOL [EXTENDED] name */
SqlNode SqlDescribeObject() :
{
    final Span s;
    final SqlDescribeObject.Kind kind;
    boolean extended = false;
    final SqlNode name;
}
{
    ( <DESCRIBE> | <DESC> ) { s = span(); }
    (
        <JOB> { kind = SqlDescribeObject.Kind.JOB; }
    |
        <STREAM> { kind = SqlDescribeObject.Kind.STREAM; }
    |
        <RUN> { kind = SqlDescribeObject.Kind.RUN; }
    |
        <POOL> { kind = SqlDescribeObject.Kind.POOL; }
    )
    [ LOOKAHEAD(<EXTENDED> NameOrString()) <EXTENDED> { extended = true; } ]
    name = NameOrString() {
        return new SqlDescribeObject(s.end(this), kind, extended, name);
    }
}

/** EXPLAIN JOB | STREAM name */
SqlNode SqlExplainObject() :
{
    final Span s;
    final SqlExplainObject.Kind kind;
    final SqlIdentifier name;
}
{
    <EXPLAIN> { s = span(); }
    (
        <JOB> { kind = SqlExplainObject.Kind.JOB; }
    |
        <STREAM> { kind = SqlExplainObject.Kind.STREAM; }
    )
    name = CompoundIdentifier() {
        return new SqlExplainObject(s.end(this), kind, name);
    }
}

<#-- ===================================================================================== -->
<#-- Standard statements Spark shares, modelled so queries in them can be read (TPC-H q15) -->
<#-- ===================================================================================== -->

/** CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query */
SqlCreate SqlCreateView(Span s, boolean replace) :
{
    boolean temporary = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    [ <TEMPORARY> { temporary = true; } ]
    <VIEW> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return new SqlCreateView(s.end(this), replace, temporary, ifNotExists, name, columns, query);
    }
}

/**
 * CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [Spark table options] AS query: the query is
 * Calcite's; the options between the name and AS (USING delta PARTITIONED BY (d) ...) are kept
 * as the user's text. Any other CREATE TABLE is Spark's alone and not read here.
 */
SqlCreate SqlCreateTableAs(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final String tableOptions;
    final SqlNode query;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    tableOptions = TextBeforeAs()
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return new SqlCreateTableAs(s.end(this), replace, ifNotExists, name, tableOptions, query);
    }
}

/** The user's text up to the next AS outside parentheses; null when AS comes next. */
JAVACODE
String TextBeforeAs()
{
    final Token last = EmbeddedSql.lastTokenBefore(this, EmbeddedSql.Stop.AS_KEYWORD);
    if (last == null) {
        return null;
    }
    final Token first = token.next;
    token = last;
    jj_ntk = -1;
    return EmbeddedSql.statement(getOriginalSql(), first, last, null).text();
}

/** DROP VIEW [IF EXISTS] name */
SqlDrop SqlDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <VIEW> ifExists = IfExistsOpt() name = CompoundIdentifier() {
        return new SqlDropView(s.end(this), ifExists, name);
    }
}
