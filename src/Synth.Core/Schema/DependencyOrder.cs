namespace Synth.Core.Schema;

/// <summary>
/// Orders fields so each is generated after the fields it reads (expression references, the
/// category a <c>when</c> depends on), keeping declaration order otherwise; a cycle is reported
/// with its members named.
/// </summary>
public static class DependencyOrder
{
    public static IReadOnlyList<FieldSpec> Sort(IReadOnlyList<FieldSpec> fields)
    {
        var errors = new List<SchemaError>();
        var order = Sort(fields, errors);
        if (errors.Count > 0) throw new SchemaException(errors);
        return order;
    }

    internal static void Check(IReadOnlyList<FieldSpec> fields, List<SchemaError> errors) => Sort(fields, errors);

    private static List<FieldSpec> Sort(IReadOnlyList<FieldSpec> fields, List<SchemaError> errors)
    {
        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var dependencies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var deps = new List<string>();
            if (f.When is { } when && byName.ContainsKey(when.Field)) deps.Add(when.Field); // not: a parent's field ("customers.tier")
            if (f.Expression is not null)
            {
                foreach (var name in ExpressionReferences.Of(f, errors))
                {
                    if (byName.ContainsKey(name)) deps.Add(name);
                }
            }
            dependencies[f.Name] = deps;
        }

        var order = new List<FieldSpec>(fields.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var stack = new List<string>();
        foreach (var f in fields) Visit(f.Name);
        return order;

        void Visit(string name)
        {
            if (state.TryGetValue(name, out var s))
            {
                if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(name)).Append(name);
                    var path = byName[name].Expression is not null ? $"{byName[name].Path}.expression" : $"{byName[name].Path}.when";
                    errors.Add(new SchemaError(path, $"dependency cycle: {string.Join(" → ", cycle)}"));
                }
                return;
            }
            state[name] = 1;
            stack.Add(name);
            foreach (var d in dependencies[name]) Visit(d);
            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            order.Add(byName[name]);
        }
    }
}
