<#--
  Tablewave statements added to Calcite's grammar; see config.fmpp for where each is hooked in.
-->

/**
 * CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [WITH (props)] AS query [WITH (props)],
 * after CREATE [OR REPLACE] has been read.
 */
SqlCreate SqlCreateTableAs(Span s, boolean replace) :
{
    boolean ifNotExists = false;
    final SqlIdentifier name;
    final List<SqlNode> properties = new ArrayList<SqlNode>();
    final SqlNode query;
}
{
    <TABLE>
    [
        LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; }
    ]
    name = CompoundIdentifier()
    [
        <WITH> AddTableProperties(properties)
    ]
    <AS>
    { checkQueryStartsAfterAs(); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [
        <WITH> AddTableProperties(properties)
    ]
    {
        final SqlParserPos pos = s.end(this);
        return new SqlCreateTableAs(pos, replace, ifNotExists, name,
            new SqlNodeList(properties, pos), query);
    }
}

/**
 * After CREATE TABLE ... AS only a query may follow: a misspelt SELECT would otherwise be read
 * as an expression and reported far from the word that is wrong.
 */
JAVACODE
void checkQueryStartsAfterAs()
{
    final Token next = getToken(1);
    switch (next.kind) {
    case SELECT:
    case VALUES:
    case WITH:
    case TABLE:
    case LPAREN:
    case EOF:
        // at the end of input the parser's own "found end of input, expected ..." says it
        return;
    default:
        throw ParseErrors.at(
            new SqlParserPos(next.beginLine, next.beginColumn, next.endLine, next.endColumn),
            ParseErrors.queryExpectedAfterAs(next.image));
    }
}

/** ( 'key' = 'value' [, ...] ) */
void AddTableProperties(List<SqlNode> properties) :
{
}
{
    <LPAREN>
    AddTableProperty(properties)
    (
        <COMMA> AddTableProperty(properties)
    )*
    <RPAREN>
}

/** 'key' = 'value' */
void AddTableProperty(List<SqlNode> properties) :
{
    final SqlNode key;
    final SqlNode value;
    final Span s;
}
{
    key = StringLiteral() { s = span(); }
    <EQ>
    value = StringLiteral()
    {
        properties.add(new SqlTableProperty(s.end(this), key, value));
    }
}

/**
 * DROP TABLE [IF EXISTS] name [RESTRICT | CASCADE], after DROP has been read.
 */
SqlDrop SqlDropTable(Span s, boolean replace) :
{
    boolean ifExists = false;
    final SqlIdentifier name;
    boolean cascade = false;
}
{
    <TABLE>
    [
        LOOKAHEAD(2) <IF> <EXISTS> { ifExists = true; }
    ]
    name = CompoundIdentifier()
    [
        <RESTRICT>
    |
        <CASCADE> { cascade = true; }
    ]
    {
        return new SqlDropTable(s.end(this), ifExists, name, cascade);
    }
}

/**
 * EXPLAIN CREATE ... TABLE ... AS query: the dry run of a batch. EXPLAIN PLAN FOR is
 * Calcite's own statement and is not matched here.
 */
SqlNode SqlExplainCreateTable() :
{
    final Span s;
    final Span createSpan;
    boolean replace = false;
    final SqlCreate create;
}
{
    <EXPLAIN> { s = span(); }
    <CREATE> { createSpan = span(); }
    [
        <OR> <REPLACE> { replace = true; }
    ]
    create = SqlCreateTableAs(createSpan, replace)
    {
        return new SqlExplainCreateTable(s.end(this), (SqlCreateTableAs) create);
    }
}

/**
 * BEGIN stmt; stmt; ... END: statements sent as one (empty statements are allowed).
 */
SqlNode SqlStatementBlock() :
{
    final Span s;
    final List<ScriptStatement> statements = new ArrayList<ScriptStatement>();
    ScriptStatement statement;
}
{
    <BEGIN> { s = span(); }
    (
        <SEMICOLON>
    )*
    [
        statement = ScriptStatementBody() { statements.add(statement); }
        (
            <SEMICOLON>
            [
                statement = ScriptStatementBody() { statements.add(statement); }
            ]
        )*
    ]
    <END>
    {
        return new SqlStatementBlock(s.end(this), statements);
    }
}

/** CANCEL BATCH id, or CANCEL SESSION 'connection id' (what Statement.cancel() sends) */
SqlNode SqlCancelBatch() :
{
    final Span s;
}
{
    <CANCEL> { s = span(); }
    (
        <BATCH>
        <UNSIGNED_INTEGER_LITERAL>
        {
            final String digits = token.image;
            final SqlParserPos pos = s.end(this);
            try {
                return new SqlCancelBatch(pos, Long.parseLong(digits));
            } catch (NumberFormatException e) {
                throw ParseErrors.at(getPos(),
                    "Batch id " + digits + " is too large");
            }
        }
    |
        <SESSION>
        <QUOTED_STRING>
        {
            final String quoted = token.image;
            return new SqlCancelSession(s.end(this),
                quoted.substring(1, quoted.length() - 1).replace("''", "'"));
        }
    )
}

/**
 * One statement of a script with the positions of its first and last token; the caller
 * reads the separator (semicolon or end of input) itself.
 */
ScriptStatement ScriptStatementBody() :
{
    final Token first;
    final SqlNode statement;
}
{
    { first = getToken(1); }
    statement = SqlStmt()
    {
        final Token last = getToken(0);
        return new ScriptStatement(statement, first.beginLine, first.beginColumn,
            last.endLine, last.endColumn);
    }
}

/**
 * The next statement of a script followed by a semicolon or the end of input. Returns
 * null when only semicolons remain; call it until it returns null.
 */
ScriptStatement NextScriptStatement() :
{
    final ScriptStatement statement;
}
{
    (
        <SEMICOLON>
    )*
    (
        <EOF> { return null; }
    |
        statement = ScriptStatementBody()
        (
            <SEMICOLON>
        |
            <EOF>
        )
        {
            return statement;
        }
    )
}

/**
 * REFRESH TABLE name [, name ...] [FULL], or REFRESH ALL [FULL].
 */
SqlRefreshTables SqlRefreshTables() :
{
    final Span s;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    SqlIdentifier name;
    boolean all = false;
    boolean full = false;
}
{
    <REFRESH> { s = span(); }
    (
        <ALL> { all = true; }
    |
        <TABLE>
        name = CompoundIdentifier() { names.add(name); }
        (
            <COMMA> name = CompoundIdentifier() { names.add(name); }
        )*
    )
    [
        <FULL> { full = true; }
    ]
    {
        return new SqlRefreshTables(s.end(this), names, all, full);
    }
}

/**
 * EXPLAIN REFRESH ...: the dry run of a batch that starts with a refresh.
 */
SqlNode SqlExplainRefresh() :
{
    final Span s;
    final SqlRefreshTables refresh;
}
{
    <EXPLAIN> { s = span(); }
    refresh = SqlRefreshTables()
    {
        return new SqlExplainRefresh(s.end(this), refresh);
    }
}

/**
 * ALTER TABLE name SET ( 'key' = 'value' [, ...] ): changes properties without a reload.
 */
SqlNode SqlAlterTableSet() :
{
    final Span s;
    final SqlIdentifier name;
    final List<SqlNode> properties = new ArrayList<SqlNode>();
}
{
    <ALTER> { s = span(); }
    <TABLE>
    name = CompoundIdentifier()
    <SET>
    AddTableProperties(properties)
    {
        final SqlParserPos pos = s.end(this);
        return new SqlAlterTableSet(pos, name, new SqlNodeList(properties, pos));
    }
}
