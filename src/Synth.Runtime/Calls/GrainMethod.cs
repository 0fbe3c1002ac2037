using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Synth.Runtime.Calls;

/// <summary>
/// How one grain interface method travels: its wire name, how its arguments and result are
/// (de)serialised (System.Text.Json), and how to invoke it on an instance.
/// </summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> ByMethod = new();
    private static readonly ConcurrentDictionary<(Type, string), GrainMethod> ByName = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    private readonly Type[] _parameterTypes;
    private readonly int _cancellationIndex;
    private readonly PropertyInfo? _resultProperty;

    private GrainMethod(MethodInfo method)
    {
        Method = method;
        _parameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        _cancellationIndex = Array.IndexOf(_parameterTypes, typeof(CancellationToken));
        WireName = $"{method.Name}/{_parameterTypes.Length}";
        if (method.ReturnType == typeof(Task))
        {
            ResultType = null;
        }
        else if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            ResultType = method.ReturnType.GetGenericArguments()[0];
            _resultProperty = method.ReturnType.GetProperty(nameof(Task<object>.Result));
        }
        else
        {
            throw new NotSupportedException($"grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>");
        }
    }

    public MethodInfo Method { get; }

    /// <summary>"Name/arity": overloads are told apart by their number of parameters.</summary>
    public string WireName { get; }

    public Type? ResultType { get; }

    public static GrainMethod For(MethodInfo method) => ByMethod.GetOrAdd(method, m => new GrainMethod(m));

    public static GrainMethod Find(Type grainInterface, string wireName) => ByName.GetOrAdd((grainInterface, wireName), key =>
    {
        foreach (var m in key.Item1.GetMethods().Concat(key.Item1.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            var candidate = For(m);
            if (candidate.WireName == key.Item2) return candidate;
        }
        throw new MissingMethodException($"{key.Item1.Name} has no method {key.Item2}");
    });

    /// <summary>The arguments as JSON; a CancellationToken parameter stays with the caller (it travels as null).</summary>
    public byte[] SerializeArguments(object?[]? args) => JsonSerializer.SerializeToUtf8Bytes(
        (args ?? []).Select((a, i) => i == _cancellationIndex ? Null : JsonSerializer.SerializeToElement(a, _parameterTypes[i], Json)).ToArray(), Json);

    /// <summary>The arguments for the grain; a CancellationToken parameter receives <paramref name="cancellation"/> (the activation's lifetime).</summary>
    public object?[] DeserializeArguments(byte[] payload, CancellationToken cancellation)
    {
        var elements = JsonSerializer.Deserialize<JsonElement[]>(payload, Json) ?? [];
        return elements.Select((e, i) => i == _cancellationIndex ? cancellation : e.Deserialize(_parameterTypes[i], Json)).ToArray();
    }

    /// <summary>The caller's token, when the method takes one: cancelling it stops the caller waiting.</summary>
    public CancellationToken CancellationOf(object?[]? args) =>
        _cancellationIndex >= 0 && args?[_cancellationIndex] is CancellationToken token ? token : CancellationToken.None;

    /// <summary>Invokes the method on <paramref name="target"/> and returns the serialised result (null for Task).</summary>
    public async Task<byte[]?> InvokeAsync(object target, object?[] args)
    {
        Task task;
        try
        {
            task = (Task)Method.Invoke(target, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        await task.ConfigureAwait(false);
        return ResultType is null ? null : JsonSerializer.SerializeToUtf8Bytes(_resultProperty!.GetValue(task), ResultType, Json);
    }

    public T? DeserializeResult<T>(byte[]? payload) => payload is null ? default : JsonSerializer.Deserialize<T>(payload, Json);
}
