using System.Text.Json;
using System.Text.Json.Nodes;
using Synth.Core.Expressions;

namespace Synth.Core.Schema;

/// <summary>
/// Reads a multi-table schema: <c>{"tables": {"customers": {"rows": 1000, "primary_key": "id",
/// "fields": {...}}, "orders": {...}}, "locale": "en"}</c>. Each table is read like a single-table
/// schema, in dependency order, with its parents' fields visible by qualified name
/// (<c>customers.tier</c>) to its <c>when</c> and expressions. Every problem is collected: unknown
/// tables and fields, reference cycles (named), keys that cannot be shown unique.
/// </summary>
public static class DatabaseSchemaReader
{
    /// <summary>The built-in of a table with a per_parent ref: the row's 0-based position among its parent's children.</summary>
    public const string ChildName = "child";

    private static readonly string[] TopKeys = ["tables", "locale", "description"];
    private static readonly string[] TableKeys = [.. SchemaReader.Reserved, "rows", "primary_key", "description"];

    public static DatabaseSchema ReadFile(string path) => Read(SchemaText.ParseFile(path));

    public static DatabaseSchema Read(string text, string? fileName = null) => Read(SchemaText.Parse(text, fileName));

    public static DatabaseSchema Read(JsonNode root)
    {
        var errors = new List<SchemaError>();
        if (root is not JsonObject top || !SchemaReader.IsMultiTable(top))
        {
            throw new SchemaException([new SchemaError("$.tables", "a multi-table schema needs \"tables\": an object of table name → {\"fields\": {...}}")]);
        }
        var r = new ObjectReader(top, "$", errors);
        var locale = r.String("locale") ?? "en";
        r.String("description");
        var tablesObject = (JsonObject)r.Raw("tables")!;
        r.RejectUnread(TopKeys, "a multi-table schema");
        if (tablesObject.Count == 0) errors.Add(new SchemaError("$.tables", "declares no tables"));
        if (tablesObject.Count > InputLimits.MaxTables)
        {
            throw new SchemaException([new SchemaError("$.tables", $"declares {tablesObject.Count:N0} tables; the limit is {InputLimits.MaxTables:N0}")]);
        }
        var totalFields = tablesObject.Sum(t => t.Value is JsonObject table ? (table["fields"] as JsonObject ?? table).Count : 0);
        if (totalFields > InputLimits.MaxFields)
        {
            throw new SchemaException([new SchemaError("$.tables", $"declares {totalFields:N0} fields over all tables; the limit is {InputLimits.MaxFields:N0}")]);
        }

        var order = TableOrder(tablesObject, errors);
        var tables = new Dictionary<string, TableSpec>(StringComparer.Ordinal);
        foreach (var (name, _) in tablesObject)
        {
            if (!IsTableName(name))
            {
                errors.Add(new SchemaError(JsonPath.Child("$.tables", name), "a table name is a letter or _ then letters, digits or _, at most 63 characters (it names files and SQL tables)"));
            }
        }
        foreach (var name in order)
        {
            var path = JsonPath.Child("$.tables", name);
            if (tablesObject[name] is not JsonObject tableObject)
            {
                errors.Add(new SchemaError(path, "a table must be an object such as {\"rows\": 1000, \"fields\": {...}}"));
                continue;
            }
            var table = ReadTable(name, path, tableObject, locale, tables, errors);
            if (table is not null) tables[name] = table;
        }
        if (errors.Count > 0) throw new SchemaException(errors);
        return new DatabaseSchema { Tables = order.Select(n => tables[n]).ToList() };
    }

    private static TableSpec? ReadTable(string name, string path, JsonObject tableObject, string locale, Dictionary<string, TableSpec> parents, List<SchemaError> errors)
    {
        // The parents' fields, by qualified name, for "when" (expressions are checked below).
        var parentFields = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        foreach (var parentName in RawRefs(tableObject).Select(x => x.Table).Distinct())
        {
            if (!parents.TryGetValue(parentName, out var parent)) continue;
            foreach (var f in parent.Schema.Fields) parentFields[$"{parentName}.{f.Name}"] = f with { Name = $"{parentName}.{f.Name}" };
        }
        long? rows = null;
        var primaryKey = new List<string>();
        var before = errors.Count;
        var schema = SchemaReader.ReadTable(tableObject, path, TableKeys, locale, parentFields, errors, r =>
        {
            r.String("description");
            if (r.Has("rows"))
            {
                var node = r.Raw("rows")!;
                if (!ObjectReader.TryNumber(node, out var n) || n < 0 || n != Math.Floor(n) || n > 1e15) r.Error("rows", "must be a whole number >= 0");
                else rows = (long)n;
            }
            switch (r.Raw("primary_key"))
            {
                case null:
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    primaryKey.Add(v.GetValue<string>());
                    break;
                case JsonArray a when a.Count > 0 && a.All(x => x?.GetValueKind() == JsonValueKind.String):
                    primaryKey.AddRange(a.Select(x => x!.GetValue<string>()));
                    break;
                default:
                    r.Error("primary_key", "must be a field name or an array of field names");
                    break;
            }
        });
        if (schema is null || errors.Count > before) return null;
        var table = new TableSpec { Name = name, Path = path, Schema = schema, Rows = rows, PrimaryKey = primaryKey };
        CheckRefs(table, parents, errors);
        CheckPrimaryKey(table, errors);
        CheckParentReferences(table, parents, errors);
        return errors.Count > before ? null : table;
    }

    private static void CheckRefs(TableSpec table, Dictionary<string, TableSpec> parents, List<SchemaError> errors)
    {
        var perParent = table.Refs.Where(f => f.Ref!.PerParent is not null).ToList();
        foreach (var extra in perParent.Skip(1))
        {
            errors.Add(new SchemaError(JsonPath.Child(extra.Path, "per_parent"),
                $"only one ref of a table can have per_parent (its parents make the table's rows; {perParent[0].Name} already does)"));
        }
        if (perParent.Count > 0 && table.Rows is not null)
        {
            errors.Add(new SchemaError(JsonPath.Child(table.Path, "rows"), $"the rows come from per_parent of {perParent[0].Name}; remove rows or per_parent"));
        }
        foreach (var field in table.Refs)
        {
            var spec = field.Ref!;
            // Unknown tables and cycles were reported while ordering the tables.
            if (!parents.TryGetValue(spec.Table, out var parent)) continue;
            var target = parent.Schema.Find(spec.Field);
            if (target is null)
            {
                errors.Add(new SchemaError(JsonPath.Child(field.Path, "field"),
                    $"unknown field '{spec.Field}' of table {spec.Table}{Suggestions.DidYouMean(spec.Field, parent.Schema.Fields.Select(f => f.Name))}"));
                continue;
            }
            var isKey = parent.PrimaryKey.Count == 1 && parent.PrimaryKey[0] == target.Name || target.Unique && target.NullRate == 0;
            if (!isKey)
            {
                errors.Add(new SchemaError(JsonPath.Child(field.Path, "field"),
                    $"{spec.Table}.{spec.Field} is not a key of {spec.Table}: point at its single-field primary_key or at a field declared unique"));
            }
        }
    }

    private static void CheckPrimaryKey(TableSpec table, List<SchemaError> errors)
    {
        if (table.PrimaryKey.Count == 0) return;
        var path = JsonPath.Child(table.Path, "primary_key");
        var fields = new List<FieldSpec>();
        foreach (var name in table.PrimaryKey)
        {
            var field = table.Schema.Find(name);
            if (field is null)
            {
                errors.Add(new SchemaError(path, $"unknown field '{name}'{Suggestions.DidYouMean(name, table.Schema.Fields.Select(f => f.Name))}"));
                return;
            }
            if (field.NullRate > 0)
            {
                errors.Add(new SchemaError(path, $"{name} is nullable; a primary key never is"));
                return;
            }
            if (fields.Contains(field))
            {
                errors.Add(new SchemaError(path, $"{name} is listed twice"));
                return;
            }
            fields.Add(field);
        }
        var rowNamed = table.Schema.Find("row") is not null;
        var childNamed = table.Schema.Find(ChildName) is not null;
        bool Distinct(FieldSpec f) =>
            f.Unique && f.Type != FieldType.Ref || f.Type == FieldType.Uuid || f.Type == FieldType.Ref && f.Unique ||
            !rowNamed && SequenceExpression.Counts(f, "row");
        // A composite key holds when one member is distinct on its own, or when it pairs the
        // parent with the position among that parent's children.
        var parentRef = table.ParentRef;
        var holds = fields.Any(Distinct) ||
            parentRef is not null && fields.Contains(parentRef) && !childNamed && fields.Any(f => SequenceExpression.Counts(f, ChildName));
        if (!holds)
        {
            errors.Add(new SchemaError(path, fields.Count == 1
                ? $"{fields[0].Name} is not unique by construction: declare it \"unique\": true, make it a uuid, or derive it as \"row + 1\""
                : $"({string.Join(", ", table.PrimaryKey)}) is not unique by construction: include a unique field, or the per_parent ref with a field derived as \"child + 1\""));
        }
    }

    /// <summary>Qualified names in expressions ("customers.signed_up") must name a referenced table's field; "child" needs a per_parent ref.</summary>
    private static void CheckParentReferences(TableSpec table, Dictionary<string, TableSpec> parents, List<SchemaError> errors)
    {
        var referenced = table.Refs.Select(f => f.Ref!.Table).Distinct().ToList();
        foreach (var field in table.Schema.Fields.Where(f => f.Expression is not null))
        {
            IReadOnlyList<string> names;
            try
            {
                names = ExpressionParser.Parse(field.Expression!).CollectReferences();
            }
            catch (ExpressionException)
            {
                continue; // reported when the table is compiled
            }
            var path = JsonPath.Child(field.Path, "expression");
            foreach (var name in names)
            {
                if (name == ChildName && table.ParentRef is null && table.Schema.Find(name) is null)
                {
                    errors.Add(new SchemaError(path, $"'{ChildName}' (the position among a parent's children) needs a ref with per_parent in this table"));
                }
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0 || table.Schema.Find(name) is not null) continue;
                var (tableName, fieldName) = (name[..dot], name[(dot + 1)..]);
                if (!referenced.Contains(tableName))
                {
                    errors.Add(new SchemaError(path, $"'{name}': {tableName} is not a table this one references" +
                        (referenced.Count == 0 ? " (it has no ref field)" : $" (it references {string.Join(", ", referenced)})")));
                }
                else if (parents.TryGetValue(tableName, out var parent) && parent.Schema.Find(fieldName) is null)
                {
                    errors.Add(new SchemaError(path, $"unknown field '{fieldName}' of table {tableName}{Suggestions.DidYouMean(fieldName, parent.Schema.Fields.Select(f => f.Name))}"));
                }
                else if (table.Refs.Count(f => f.Ref!.Table == tableName) > 1)
                {
                    errors.Add(new SchemaError(path, $"'{name}' is ambiguous: this table has several refs to {tableName}"));
                }
            }
        }
    }

    private static bool IsTableName(string name) =>
        name.Length is > 0 and <= 63 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Orders the tables so each comes after the tables it references (declaration order otherwise),
    /// reporting unknown tables and cycles (with their members named) at the ref's "table".
    /// </summary>
    private static List<string> TableOrder(JsonObject tables, List<SchemaError> errors)
    {
        var edges = new Dictionary<string, List<(string Table, string Path)>>(StringComparer.Ordinal);
        foreach (var (name, node) in tables)
        {
            var list = new List<(string, string)>();
            if (node is JsonObject table)
            {
                foreach (var (refTable, fieldName, fieldsPath) in RawRefs(table).Select(x => (x.Table, x.Field, x.FieldsKey)))
                {
                    var path = JsonPath.Child(JsonPath.Child(fieldsPath is null ? JsonPath.Child("$.tables", name) : JsonPath.Child(JsonPath.Child("$.tables", name), fieldsPath), fieldName), "table");
                    if (!tables.ContainsKey(refTable))
                    {
                        errors.Add(new SchemaError(path, $"unknown table '{refTable}'{Suggestions.DidYouMean(refTable, tables.Select(t => t.Key))}"));
                        continue;
                    }
                    list.Add((refTable, path));
                }
            }
            edges[name] = list;
        }

        var order = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in tables) Visit(name);
        return order;

        void Visit(string name)
        {
            if (state.TryGetValue(name, out var s)) return;
            state[name] = 1;
            stack.Add(name);
            foreach (var (parent, path) in edges[name])
            {
                if (state.TryGetValue(parent, out var ps) && ps == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(parent)).Append(parent).ToList();
                    if (reported.Add(string.Join(",", cycle.Skip(1).Order(StringComparer.Ordinal))))
                    {
                        errors.Add(new SchemaError(path, $"reference cycle: {string.Join(" → ", cycle)} (a table cannot reference itself, directly or through others)"));
                    }
                    continue;
                }
                Visit(parent);
            }
            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            order.Add(name);
        }
    }

    /// <summary>The ref fields of a table's raw JSON (before it is read): target table, field name, and "fields" when nested.</summary>
    private static IEnumerable<(string Table, string Field, string? FieldsKey)> RawRefs(JsonObject table)
    {
        var (fields, key) = table["fields"] is JsonObject nested ? (nested, "fields") : (table, (string?)null);
        foreach (var (name, node) in fields)
        {
            if (node is JsonObject spec && spec["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "ref"
                && spec["table"] is JsonValue target && target.GetValueKind() == JsonValueKind.String)
            {
                yield return (target.GetValue<string>(), name, key);
            }
        }
    }
}
