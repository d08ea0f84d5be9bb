package io.esteira.features;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.TableFunction;

/**
 * What a query of people may be made of, per dialect: an allow-list of syntax-tree nodes and of
 * functions, checked on every node of the parsed statement (the walk goes through every field of
 * every node, so a construct the list has never heard of is refused rather than missed). No file,
 * link, script, alias, sequence, variable, session or system function passes, whatever its case or
 * quoting, and neither do system schemas.
 */
final class SqlAllowList {

    /** Syntax-tree node types (simple class names of JSqlParser) that a SELECT may contain. */
    private static final Set<String> NODES = Set.of(
            // statements and query blocks
            "Select", "PlainSelect", "SetOperationList", "ParenthesedSelect", "WithItem", "Values", "UnionOp", "IntersectOp",
            "ExceptOp", "MinusOp", "SelectItem", "AllColumns", "AllTableColumns", "Distinct", "Join", "Alias", "Alias$AliasColumn",
            "OrderByElement", "Limit", "Offset", "Fetch", "Top", "GroupByElement", "ParenthesedFromItem", "LateralSubSelect",
            "TableFunction", "First", "Skip",
            // names
            "Table", "Column", "Database",
            // expressions
            "Function", "AnalyticExpression", "WindowDefinition", "WindowElement", "WindowOffset", "WindowRange", "OrderByClause",
            "PartitionByClause", "KeepExpression", "FilterOverImpl", "CaseExpression", "WhenClause", "CastExpression",
            "ColDataType", "ExtractExpression", "IntervalExpression", "TimeKeyExpression", "DateValue", "TimeValue",
            "TimestampValue", "DateTimeLiteralExpression", "StringValue", "LongValue", "DoubleValue", "HexValue", "NullValue",
            "BooleanValue", "SignedExpression", "NotExpression", "Parenthesis", "JdbcParameter", "TrimFunction",
            "ArrayExpression", "ArrayConstructor", "AnyComparisonExpression", "RowConstructor", "CollateExpression",
            "TimezoneExpression", "AllValue", "RangeExpression", "OverlapsCondition", "DateUnitExpression", "IntervalQualifier",
            "Function$HavingClause");

    /** Operators (comparison, arithmetic, logic, lists) are all allowed; their package says what they are. */
    private static final String OPERATORS = "net.sf.jsqlparser.expression.operators.";

    private static final Set<String> COMMON_FUNCTIONS = names("""
            COUNT SUM AVG MIN MAX STDDEV STDDEV_POP STDDEV_SAMP VAR_POP VAR_SAMP VARIANCE CORR COVAR_POP COVAR_SAMP
            REGR_SLOPE REGR_INTERCEPT REGR_COUNT REGR_R2 REGR_AVGX REGR_AVGY REGR_SXX REGR_SYY REGR_SXY
            PERCENTILE_CONT PERCENTILE_DISC MODE STRING_AGG LISTAGG ARRAY_AGG BOOL_AND BOOL_OR EVERY ANY_VALUE
            ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE LAG LEAD FIRST_VALUE LAST_VALUE NTH_VALUE
            ABS CEIL CEILING FLOOR ROUND TRUNC MOD POWER SQRT CBRT EXP LN LOG LOG10 SIGN PI DEGREES RADIANS
            SIN COS TAN ASIN ACOS ATAN ATAN2 SINH COSH TANH COT GREATEST LEAST WIDTH_BUCKET RANDOM
            LOWER UPPER LENGTH CHAR_LENGTH CHARACTER_LENGTH OCTET_LENGTH BIT_LENGTH SUBSTRING SUBSTR TRIM LTRIM RTRIM BTRIM
            REPLACE CONCAT CONCAT_WS LEFT RIGHT LPAD RPAD POSITION REPEAT REVERSE TRANSLATE INITCAP ASCII CHR
            REGEXP_REPLACE REGEXP_LIKE REGEXP_SUBSTR REGEXP_COUNT SPLIT_PART MD5 TO_CHAR TO_NUMBER TO_DATE TO_TIMESTAMP
            COALESCE NULLIF CARDINALITY ARRAY_LENGTH UNNEST
            NOW CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP LOCALTIME LOCALTIMESTAMP DATE_TRUNC DATE_PART EXTRACT
            MAKE_DATE MAKE_TIMESTAMP
            """);

    private static final Set<String> H2_FUNCTIONS = names("""
            MEDIAN STDDEV_POP VAR_SAMP BIT_AND_AGG BIT_OR_AGG
            DATEADD DATEDIFF TIMESTAMPADD TIMESTAMPDIFF YEAR MONTH DAY DAY_OF_MONTH DAY_OF_WEEK DAY_OF_YEAR
            DAYOFMONTH DAYOFWEEK DAYOFYEAR ISO_WEEK ISO_YEAR ISO_DAY_OF_WEEK WEEK QUARTER HOUR MINUTE SECOND
            DAYNAME MONTHNAME LAST_DAY FORMATDATETIME PARSEDATETIME TRUNCATE
            IFNULL NVL NVL2 DECODE CASEWHEN LOCATE INSTR INSERT SPACE SOUNDEX DIFFERENCE STRINGENCODE STRINGDECODE
            REGEXP_SUBSTR HASH ORA_HASH STANDARD_HASH BITAND BITOR BITXOR LSHIFT RSHIFT
            ARRAY_CONTAINS ARRAY_GET ARRAY_SLICE TRIM_ARRAY SYSTEM_RANGE
            """);

    private static final Set<String> POSTGRESQL_FUNCTIONS = names("""
            AGE DATE_BIN JUSTIFY_DAYS JUSTIFY_HOURS TO_CHAR STRPOS STARTS_WITH FORMAT QUOTE_IDENT QUOTE_LITERAL
            REGEXP_MATCH REGEXP_MATCHES REGEXP_SPLIT_TO_ARRAY STRING_TO_ARRAY ARRAY_TO_STRING ARRAY_POSITION
            ARRAY_APPEND ARRAY_PREPEND ARRAY_CAT GENERATE_SERIES JSONB_EXTRACT_PATH_TEXT JSON_EXTRACT_PATH_TEXT
            JSONB_ARRAY_LENGTH JSON_ARRAY_LENGTH JSONB_TYPEOF TO_JSON TO_JSONB ROW_TO_JSON JSON_AGG JSONB_AGG
            ISFINITE SCALE TRIM_SCALE GCD LCM FACTORIAL PG_SLEEP
            """);

    /** Functions that may stand in FROM as a table. */
    private static final Set<String> TABLE_FUNCTIONS = names("UNNEST GENERATE_SERIES SYSTEM_RANGE");

    /** Schemas of the database's own catalogue: users, grants, settings; never read by people's queries. */
    private static final Set<String> SYSTEM_SCHEMAS = names("INFORMATION_SCHEMA PG_CATALOG PG_TOAST");

    /** Column-like names that are sequence side effects in some dialects ({@code seq.nextval}). */
    private static final Set<String> SEQUENCE_PSEUDO_COLUMNS = names("NEXTVAL CURRVAL");

    private static final Map<SqlDialect, SqlAllowList> BY_DIALECT = new ConcurrentHashMap<>();

    private final Set<String> functions;

    private SqlAllowList(Set<String> functions) {
        this.functions = functions;
    }

    static SqlAllowList of(SqlDialect dialect) {
        return BY_DIALECT.computeIfAbsent(dialect, d -> new SqlAllowList(Stream.concat(COMMON_FUNCTIONS.stream(), switch (d) {
            case H2 -> H2_FUNCTIONS.stream();
            case POSTGRESQL -> POSTGRESQL_FUNCTIONS.stream();
            case OTHER -> Stream.<String>empty();
        }).collect(Collectors.toUnmodifiableSet())));
    }

    /** @return why the statement is refused, in the words of the person who wrote it; empty when it is allowed */
    Optional<String> check(Statement statement) {
        for (Object node : SqlTree.nodes(statement)) {
            Optional<String> refusal = refusal(node);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(Object node) {
        Class<?> type = node.getClass();
        if (type.isEnum() || type.getName().startsWith("net.sf.jsqlparser.parser.")) {
            return Optional.empty();
        }
        String name = type.getName().substring(type.getPackageName().length() + 1);
        if (!type.getName().startsWith(OPERATORS) && !NODES.contains(name)) {
            return Optional.of(describe(name) + " is not allowed in a query here");
        }
        return switch (node) {
            case PlainSelect select when select.getIntoTables() != null || select.getForMode() != null ->
                    Optional.of("SELECT … INTO and SELECT … FOR UPDATE change data; they are not allowed here");
            case TableFunction table when !TABLE_FUNCTIONS.contains(normal(table.getFunction().getName())) ->
                    Optional.of("The function " + table.getFunction().getName() + " is not allowed as a table here");
            case TableFunction table -> Optional.empty(); // its function is a node of its own, checked as any other
            case Function function -> function(function);
            case Table table -> table(table);
            case Column column when SEQUENCE_PSEUDO_COLUMNS.contains(normal(column.getColumnName())) && column.getTable() != null ->
                    Optional.of(column.getColumnName() + " changes a sequence; it is not allowed here");
            default -> Optional.empty();
        };
    }

    private Optional<String> function(Function function) {
        String name = function.getName();
        if (name == null) {
            return Optional.of("A function without a name is not allowed here");
        }
        if (function.getMultipartName() != null && function.getMultipartName().size() > 1) {
            return Optional.of("The function " + name + " is qualified with a schema; only built-in functions are allowed here");
        }
        String normal = normal(name);
        if (normal == null || !functions.contains(normal)) {
            return Optional.of("The function " + name + " is not allowed in a query here"
                    + (normal != null && dangerous(normal) ? " (it reaches files, other databases or the server itself)" : ""));
        }
        return Optional.empty();
    }

    private static Optional<String> table(Table table) {
        String schema = normal(table.getSchemaName());
        if (schema != null && SYSTEM_SCHEMAS.contains(schema)) {
            return Optional.of("The database's own catalogue (" + table.getSchemaName() + ") is not readable here");
        }
        if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
            return Optional.of("Tables of another database (" + table.getDatabase().getDatabaseName() + ") are not readable here");
        }
        return Optional.empty();
    }

    private static boolean dangerous(String name) {
        return name.startsWith("FILE_") || name.startsWith("CSV") || name.startsWith("LINK_") || name.startsWith("PG_")
                || name.startsWith("LO_") || name.startsWith("DBLINK") || name.contains("SCRIPT") || name.contains("SESSION");
    }

    /** Upper case by the root locale after removing quotes; null for names outside ASCII (a dotless ı is no i). */
    static String normal(String name) {
        if (name == null) {
            return null;
        }
        String bare = name.strip();
        if (bare.length() >= 2 && (bare.startsWith("\"") && bare.endsWith("\"") || bare.startsWith("`") && bare.endsWith("`"))) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (!bare.chars().allMatch(c -> c < 128)) {
            return null;
        }
        return bare.toUpperCase(Locale.ROOT);
    }

    private static String describe(String nodeName) {
        String words = nodeName.replace("$", " ").replaceAll("([a-z])([A-Z])", "$1 $2");
        return "The construct \"" + words.toLowerCase(Locale.ROOT) + "\"";
    }

    private static Set<String> names(String text) {
        return Stream.of(text.strip().split("\\s+")).collect(Collectors.toUnmodifiableSet());
    }
}
