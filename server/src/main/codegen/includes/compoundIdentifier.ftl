<#--
  Identifier productions of the Tablewave parser (the template includes this file because
  config.fmpp sets includeCompoundIdentifier to false).

  They behave as the template's own, except that a table name may also be a Kafka source:
  the bare token kafka://topic or the string 'kafka://topic'. Both become the identifier
  KAFKA."topic", so everything after the parser sees one form.
-->

/**
 * A possibly qualified name such as {@code a}, {@code s.t.c} or {@code t.*}.
 */
SqlIdentifier CompoundIdentifier() :
{
    final List<String> names = new ArrayList<String>();
    final List<SqlParserPos> positions = new ArrayList<SqlParserPos>();
    boolean withStar = false;
}
{
    AddIdentifierSegment(names, positions)
    (
        LOOKAHEAD(2) <DOT> AddIdentifierSegment(names, positions)
    )*
    [
        LOOKAHEAD(2) <DOT> <STAR> {
            withStar = true;
            names.add("");
            positions.add(getPos());
        }
    ]
    {
        final SqlParserPos pos = SqlParserPos.sum(positions);
        return withStar
            ? SqlIdentifier.star(names, pos, positions)
            : new SqlIdentifier(names, null, pos, positions);
    }
}

/**
 * The name of a table where a table is expected (FROM, JOIN, INSERT INTO, TABLE t):
 * a possibly qualified name, or a Kafka source written kafka://topic or 'kafka://topic'.
 */
SqlIdentifier CompoundTableIdentifier() :
{
    final List<String> names = new ArrayList<String>();
    final List<SqlParserPos> positions = new ArrayList<SqlParserPos>();
}
{
    (
        <KAFKA_URI> {
            return KafkaSourceNames.identifier(
                KafkaSourceNames.topicOfUri(token.image), getPos());
        }
    |
        <QUOTED_STRING> {
            final String text = SqlParserUtil.parseString(token.image);
            final String topic = KafkaSourceNames.topicOfQuotedSource(text, getPos());
            return KafkaSourceNames.identifier(topic, getPos());
        }
    |
        AddTableIdentifierSegment(names, positions)
        (
            LOOKAHEAD(2) <DOT> AddTableIdentifierSegment(names, positions)
        )*
        {
            return new SqlIdentifier(names, null, SqlParserPos.sum(positions), positions);
        }
    )
}

/**
 * One or more comma-separated names, each optionally followed by a type (EXTEND columns).
 */
void AddCompoundIdentifierTypes(List<SqlNode> list, List<SqlNode> extendList) :
{
}
{
    AddCompoundIdentifierType(list, extendList)
    (
        <COMMA> AddCompoundIdentifierType(list, extendList)
    )*
}

/**
 * A parenthesized list of names with optional types; both lists span the parentheses.
 */
Pair<SqlNodeList, SqlNodeList> ParenthesizedCompoundIdentifierList() :
{
    final Span span;
    final List<SqlNode> names = new ArrayList<SqlNode>();
    final List<SqlNode> extensions = new ArrayList<SqlNode>();
}
{
    <LPAREN> { span = span(); }
    AddCompoundIdentifierTypes(names, extensions)
    <RPAREN> {
        final SqlParserPos pos = span.end(this);
        return Pair.of(new SqlNodeList(names, pos), new SqlNodeList(extensions, pos));
    }
}
