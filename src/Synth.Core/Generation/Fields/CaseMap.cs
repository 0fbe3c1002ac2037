using Synth.Core.Data;
using Synth.Core.Schema;
using System.Runtime.CompilerServices;

namespace Synth.Core.Generation.Fields;

/// <summary>
/// For a field with <c>when</c>: which spec applies to a row, from the code of the conditioning
/// category. Case 0 is the field's own spec; rows whose condition is null use it too.
/// </summary>
internal sealed class CaseMap
{
    private readonly int[] _caseOfCode;
    private readonly string? _conditionField;
    private int _conditionColumn = -1;

    public CaseMap(FieldSpec spec, GenerationContext context)
    {
        var cases = new List<FieldSpec> { spec };
        if (spec.When is { } when)
        {
            _conditionField = when.Field;
            var categories = context.Columns[when.Field].Categories;
            _caseOfCode = new int[categories.Count];
            for (var code = 0; code < categories.Count; code++)
            {
                if (when.Cases.TryGetValue(categories[code], out var caseSpec))
                {
                    _caseOfCode[code] = cases.Count;
                    cases.Add(caseSpec);
                }
            }
        }
        else
        {
            _caseOfCode = [];
        }
        Cases = cases;
    }

    public IReadOnlyList<FieldSpec> Cases { get; }

    public bool IsConditional => _conditionField is not null;

    public void Bind(GenerationContext context)
    {
        if (_conditionField is not null) _conditionColumn = context.IndexOf(_conditionField);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CaseOf(RowBatch batch, int row)
    {
        if (_conditionColumn < 0) return 0;
        var condition = (CategoryVector)batch.Columns[_conditionColumn];
        return condition.IsNull(row) ? 0 : _caseOfCode[condition.Codes[row]];
    }
}
