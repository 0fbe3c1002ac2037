using System.Collections.Concurrent;
using System.Reflection;
using Synth.Runtime.Grains;
using Synth.Runtime.Storage;

namespace Synth.Runtime.Calls;

/// <summary>The object behind a grain reference: every interface call becomes a durable grain call.</summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<Type, MethodInfo> TypedInvokers = new();
    private static readonly MethodInfo InvokeTypedDefinition = typeof(GrainProxy).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private ClusterClient _client = null!;
    private GrainId _grain;
    private GrainType _type = null!;
    private GrainCallOptions _options = null!;

    internal static TGrain Create<TGrain>(ClusterClient client, GrainType type, string key, GrainCallOptions options) where TGrain : IGrain
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self._client = client;
        self._type = type;
        self._grain = new GrainId(type.Name, key);
        self._options = options;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = GrainMethod.For(targetMethod!);
        if (method.ResultType is null) return _client.CallAsync(_grain, _type, method, args, _options);
        var invoker = TypedInvokers.GetOrAdd(method.ResultType, t => InvokeTypedDefinition.MakeGenericMethod(t));
        return invoker.Invoke(this, [method, args]);
    }

    private async Task<T?> InvokeTyped<T>(GrainMethod method, object?[]? args)
    {
        var reply = await _client.CallAsync(_grain, _type, method, args, _options).ConfigureAwait(false);
        return method.DeserializeResult<T>(reply);
    }

    public override string ToString() => _grain.ToString();
}
