using Synth.Core.Data;
using Synth.Core.Expressions.Kernels;

namespace Synth.Core.Expressions;

/// <summary>
/// Resolves names against a layout, checks types and builds the tree of <see cref="EvalNode"/>s,
/// assigning each node a scratch slot (see <see cref="EvalNode"/>: a node's first operand
/// shares its slot, the n-th operand gets slot + n) and folding constant subtrees.
/// </summary>
internal sealed class ExpressionBinder
{
    private static readonly string[] Functions = ["abs", "ceil", "clamp", "exp", "floor", "if", "log", "max", "min", "pow", "round", "sqrt"];

    private readonly TableLayout _layout;
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly List<string> _references = [];
    private int _slotCount = 1;

    public ExpressionBinder(TableLayout layout)
    {
        _layout = layout;
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            _ordinals.TryAdd(layout.Columns[i].Name, i);
        }
    }

    public IReadOnlyList<string> References => _references;

    public int SlotCount => _slotCount;

    public BoundExpression Bind(Expression expression, int slot)
    {
        _slotCount = Math.Max(_slotCount, slot + 1);
        return expression switch
        {
            NumberLiteral number => new BoundExpression(new ConstantNode(number.Value, slot), ValueKind.Number, []),
            BooleanLiteral boolean => new BoundExpression(new ConstantNode(boolean.Value ? 1 : 0, slot), ValueKind.Boolean, []),
            StringLiteral text => new BoundExpression(new ConstantNode(0, slot), ValueKind.String, [text.Value], Literal: text.Value),
            NullLiteral => new BoundExpression(new NullNode(slot), ValueKind.Null, []),
            NameReference name => BindName(name, slot),
            UnaryExpression unary => BindUnary(unary, slot),
            BinaryExpression binary => BindBinary(binary, slot),
            ConditionalExpression conditional => BindConditional(conditional.Condition, conditional.WhenTrue, conditional.WhenFalse, conditional.Position, "'?:'", slot),
            CallExpression call => BindCall(call, slot),
            _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "unknown expression node"),
        };
    }

    private BoundExpression BindName(NameReference name, int slot)
    {
        if (!_ordinals.TryGetValue(name.Name, out var ordinal))
        {
            // A field called "row" wins over the built-in.
            if (name.Name == "row")
            {
                return new BoundExpression(new RowIndexNode(slot), ValueKind.Number, []);
            }
            var suggestion = NameSuggestion.Closest(name.Name, _ordinals.Keys);
            throw new ExpressionException(name.Position, $"unknown field '{name.Name}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
        }

        var column = _layout.Columns[ordinal];
        if (!_references.Contains(column.Name))
        {
            _references.Add(column.Name);
        }
        return column.Type switch
        {
            ColumnType.Int64 => new BoundExpression(new Int64ColumnNode(ordinal, slot), ValueKind.Number, []),
            ColumnType.Float64 => new BoundExpression(new Float64ColumnNode(ordinal, slot), ValueKind.Number, []),
            ColumnType.Boolean => new BoundExpression(new BooleanColumnNode(ordinal, slot), ValueKind.Boolean, []),
            ColumnType.Timestamp => new BoundExpression(new TimestampColumnNode(ordinal, slot), ValueKind.Number, []),
            ColumnType.Date => new BoundExpression(new DateColumnNode(ordinal, slot), ValueKind.Number, []),
            ColumnType.Category => new BoundExpression(new CategoryColumnNode(ordinal, slot), ValueKind.String, column.Categories, Field: column.Name),
            _ => throw new ExpressionException(name.Position,
                $"field '{name.Name}' is a {column.Type} column, which expressions cannot use (they can use integers, floats, booleans, timestamps, dates and categories)"),
        };
    }

    private BoundExpression BindUnary(UnaryExpression unary, int slot)
    {
        var operand = Bind(unary.Operand, slot);
        if (unary.Operator == UnaryOperator.Negate)
        {
            Require(operand, ValueKind.Number, unary.Position, $"'{unary.Spelling}' needs a number");
            return Number(Fold(new UnaryNode<UnaryOps.Negate>(operand.Node), operand.Node));
        }
        Require(operand, ValueKind.Boolean, unary.Position, $"'{unary.Spelling}' needs a Boolean");
        return Boolean(Fold(new UnaryNode<UnaryOps.Not>(operand.Node), operand.Node));
    }

    private BoundExpression BindBinary(BinaryExpression binary, int slot)
    {
        var left = Bind(binary.Left, slot);
        var right = Bind(binary.Right, slot + 1);
        switch (binary.Operator)
        {
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                return BindEquality(binary, left, right, slot);
            case BinaryOperator.And or BinaryOperator.Or:
                RequireBoth(left, right, ValueKind.Boolean, binary.Position, $"'{binary.Spelling}' needs Booleans");
                return Boolean(Fold(new LogicalNode(left.Node, right.Node, binary.Operator == BinaryOperator.Or, slot), left.Node, right.Node));
        }

        var comparison = binary.Operator is BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual;
        RequireBoth(left, right, ValueKind.Number, binary.Position, $"'{binary.Spelling}' needs numbers");
        var (l, r) = (left.Node, right.Node);
        EvalNode node = binary.Operator switch
        {
            BinaryOperator.Multiply => new BinaryNode<BinaryOps.Multiply>(l, r, slot),
            BinaryOperator.Divide => new BinaryNode<BinaryOps.Divide>(l, r, slot),
            BinaryOperator.Modulo => new BinaryNode<BinaryOps.Modulo>(l, r, slot),
            BinaryOperator.Add => new BinaryNode<BinaryOps.Add>(l, r, slot),
            BinaryOperator.Subtract => new BinaryNode<BinaryOps.Subtract>(l, r, slot),
            BinaryOperator.Less => new BinaryNode<BinaryOps.Less>(l, r, slot),
            BinaryOperator.LessOrEqual => new BinaryNode<BinaryOps.LessOrEqual>(l, r, slot),
            BinaryOperator.Greater => new BinaryNode<BinaryOps.Greater>(l, r, slot),
            BinaryOperator.GreaterOrEqual => new BinaryNode<BinaryOps.GreaterOrEqual>(l, r, slot),
            _ => throw new ArgumentOutOfRangeException(nameof(binary), binary.Operator, "unknown operator"),
        };
        node = Fold(node, l, r);
        return comparison ? Boolean(node) : Number(node);
    }

    private BoundExpression BindEquality(BinaryExpression binary, BoundExpression left, BoundExpression right, int slot)
    {
        var negate = binary.Operator == BinaryOperator.NotEqual;
        if (left.Kind == ValueKind.Null || right.Kind == ValueKind.Null)
        {
            var tested = left.Kind == ValueKind.Null ? right : left;
            return Boolean(Fold(new IsNullNode(tested.Node, negate, slot), tested.Node));
        }
        if (left.Kind != right.Kind)
        {
            throw new ExpressionException(binary.Position, $"'{binary.Spelling}' cannot compare {Describe(left.Kind)} with {Describe(right.Kind)}");
        }

        var (l, r) = (left.Node, right.Node);
        if (left.Kind == ValueKind.String)
        {
            // Codes are compared, so both sides must index the same dictionary. A literal is
            // resolved to the other side's code now; anything else is remapped to a union.
            if (left.Literal is not null && right.Literal is null)
            {
                l = new ConstantNode(LabelCode(left, right, binary.Left.Position), l.Slot);
            }
            else if (right.Literal is not null && left.Literal is null)
            {
                r = new ConstantNode(LabelCode(right, left, binary.Right.Position), r.Slot);
            }
            else
            {
                var labels = Union(left.Labels, right.Labels);
                l = Remap(left, labels);
                r = Remap(right, labels);
            }
        }
        EvalNode node = negate ? new BinaryNode<BinaryOps.NotEqual>(l, r, slot) : new BinaryNode<BinaryOps.Equal>(l, r, slot);
        return Boolean(Fold(node, l, r));
    }

    private static int LabelCode(BoundExpression literal, BoundExpression other, int position)
    {
        var label = literal.Literal!;
        for (var code = 0; code < other.Labels.Count; code++)
        {
            if (string.Equals(other.Labels[code], label, StringComparison.Ordinal))
            {
                return code;
            }
        }
        var valid = other.Labels.Count == 0 ? "none" : string.Join(", ", other.Labels.Select(StringLiteral.Quote));
        throw new ExpressionException(position, other.Field is not null
            ? $"field '{other.Field}' has no category {StringLiteral.Quote(label)}; its categories are: {valid}"
            : $"{StringLiteral.Quote(label)} can never be equal to the other side, whose values are: {valid}");
    }

    private BoundExpression BindConditional(Expression condition, Expression whenTrue, Expression whenFalse, int position, string what, int slot)
    {
        var c = Bind(condition, slot);
        var t = Bind(whenTrue, slot + 1);
        var f = Bind(whenFalse, slot + 2);
        Require(c, ValueKind.Boolean, condition.Position, $"the condition of {what} needs a Boolean");

        var kind = t.Kind == ValueKind.Null ? f.Kind : t.Kind;
        if (kind == ValueKind.Null)
        {
            throw new ExpressionException(position, $"both branches of {what} are null, so its type is unknown");
        }
        if (t.Kind != ValueKind.Null && f.Kind != ValueKind.Null && t.Kind != f.Kind)
        {
            throw new ExpressionException(position, $"the branches of {what} have different types: {Describe(t.Kind)} and {Describe(f.Kind)}");
        }

        IReadOnlyList<string> labels = [];
        var (tn, fn) = (t.Node, f.Node);
        if (kind == ValueKind.String)
        {
            labels = Union(t.Labels, f.Labels);
            tn = Remap(t, labels);
            fn = Remap(f, labels);
        }
        return new BoundExpression(Fold(new ConditionalNode(c.Node, tn, fn, slot), c.Node, tn, fn), kind, labels);
    }

    private BoundExpression BindCall(CallExpression call, int slot)
    {
        var name = call.Function;
        var arguments = call.Arguments;
        switch (name)
        {
            case "if":
                RequireArity(call, 3, 3);
                return BindConditional(arguments[0], arguments[1], arguments[2], call.Position, "'if'", slot);
            case "abs":
                return Number(Unary<UnaryOps.Abs>(call, slot));
            case "floor":
                return Number(Unary<UnaryOps.Floor>(call, slot));
            case "ceil":
                return Number(Unary<UnaryOps.Ceiling>(call, slot));
            case "sqrt":
                return Number(Unary<UnaryOps.Sqrt>(call, slot));
            case "log":
                return Number(Unary<UnaryOps.Log>(call, slot));
            case "exp":
                return Number(Unary<UnaryOps.Exp>(call, slot));
            case "round":
                RequireArity(call, 1, 2);
                return Number(arguments.Count == 1 ? Unary<UnaryOps.Round>(call, slot) : Binary<BinaryOps.RoundToDigits>(call, slot));
            case "pow":
                RequireArity(call, 2, 2);
                return Number(Binary<BinaryOps.Power>(call, slot));
            case "min" or "max":
            {
                RequireArity(call, 2, int.MaxValue);
                var nodes = NumberArguments(call, slot);
                var result = nodes[0];
                for (var i = 1; i < nodes.Length; i++)
                {
                    EvalNode node = name == "min"
                        ? new BinaryNode<BinaryOps.Minimum>(result, nodes[i], slot)
                        : new BinaryNode<BinaryOps.Maximum>(result, nodes[i], slot);
                    result = Fold(node, result, nodes[i]);
                }
                return Number(result);
            }
            case "clamp":
            {
                // clamp(x, lo, hi) = min(max(x, lo), hi): when lo > hi the result is hi.
                RequireArity(call, 3, 3);
                var nodes = NumberArguments(call, slot);
                var floor = Fold(new BinaryNode<BinaryOps.Maximum>(nodes[0], nodes[1], slot), nodes[0], nodes[1]);
                return Number(Fold(new BinaryNode<BinaryOps.Minimum>(floor, nodes[2], slot), floor, nodes[2]));
            }
            default:
                var suggestion = NameSuggestion.Closest(name, Functions);
                throw new ExpressionException(call.Position, $"unknown function '{name}'" + (suggestion is null
                    ? $"; the functions are {string.Join(", ", Functions)}"
                    : $"; did you mean '{suggestion}'?"));
        }
    }

    private EvalNode Unary<TOp>(CallExpression call, int slot)
        where TOp : struct, IUnaryOp
    {
        RequireArity(call, 1, 1);
        var operand = NumberArguments(call, slot)[0];
        return Fold(new UnaryNode<TOp>(operand), operand);
    }

    private EvalNode Binary<TOp>(CallExpression call, int slot)
        where TOp : struct, IBinaryOp
    {
        var nodes = NumberArguments(call, slot);
        return Fold(new BinaryNode<TOp>(nodes[0], nodes[1], slot), nodes[0], nodes[1]);
    }

    private EvalNode[] NumberArguments(CallExpression call, int slot)
    {
        var nodes = new EvalNode[call.Arguments.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var argument = Bind(call.Arguments[i], slot + i);
            Require(argument, ValueKind.Number, call.Arguments[i].Position, $"argument {i + 1} of '{call.Function}' needs a number");
            nodes[i] = argument.Node;
        }
        return nodes;
    }

    private static void RequireArity(CallExpression call, int min, int max)
    {
        var count = call.Arguments.Count;
        if (count >= min && count <= max)
        {
            return;
        }
        var expected = (min, max) switch
        {
            (1, 1) => "1 argument",
            _ when min == max => $"{min} arguments",
            (_, int.MaxValue) => $"at least {min} arguments",
            _ => $"{min} or {max} arguments",
        };
        throw new ExpressionException(call.Position, $"'{call.Function}' takes {expected}, got {count}");
    }

    private static void Require(BoundExpression operand, ValueKind kind, int position, string needs)
    {
        if (operand.Kind != kind)
        {
            throw new ExpressionException(position, $"{needs}, got {Describe(operand.Kind)}{NullHint(operand.Kind)}");
        }
    }

    private static void RequireBoth(BoundExpression left, BoundExpression right, ValueKind kind, int position, string needs)
    {
        var wrong = left.Kind != kind ? left.Kind : right.Kind;
        if (wrong != kind)
        {
            throw new ExpressionException(position, $"{needs}, got {Describe(wrong)}{NullHint(wrong)}");
        }
    }

    private static string NullHint(ValueKind kind) =>
        kind == ValueKind.Null ? " (null may only be tested with == null or != null, or be a branch of ?: or if())" : "";

    private static string Describe(ValueKind kind) => kind == ValueKind.Null ? "null" : kind.ToString();

    private static IReadOnlyList<string> Union(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var labels = new List<string>(first.Count + second.Count);
        foreach (var label in first.Concat(second))
        {
            if (!labels.Contains(label))
            {
                labels.Add(label);
            }
        }
        return labels;
    }

    /// <summary>Translates <paramref name="operand"/>'s codes into <paramref name="labels"/> (no node when nothing moves).</summary>
    private EvalNode Remap(BoundExpression operand, IReadOnlyList<string> labels)
    {
        if (operand.Kind != ValueKind.String)
        {
            return operand.Node;
        }
        var map = new int[operand.Labels.Count];
        var identity = true;
        for (var code = 0; code < map.Length; code++)
        {
            map[code] = IndexOf(labels, operand.Labels[code]);
            identity &= map[code] == code;
        }
        return identity ? operand.Node : Fold(new RemapNode(operand.Node, map), operand.Node);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Replaces a node whose inputs are all constant by its value, computed by the node itself.</summary>
    private EvalNode Fold(EvalNode node, params ReadOnlySpan<EvalNode> inputs)
    {
        foreach (var input in inputs)
        {
            if (input is not (ConstantNode or NullNode))
            {
                return node;
            }
        }
        var (value, isNull) = new ExpressionEvaluator(node, _slotCount, capacity: 1, ownsOutput: true).EvaluateConstant();
        return isNull ? new NullNode(node.Slot) : new ConstantNode(value, node.Slot);
    }

    private static BoundExpression Number(EvalNode node) => new(node, ValueKind.Number, []);

    private static BoundExpression Boolean(EvalNode node) => new(node, ValueKind.Boolean, []);
}
