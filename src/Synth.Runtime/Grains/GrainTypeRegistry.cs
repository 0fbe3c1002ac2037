using System.Collections.Concurrent;
using System.Reflection;

namespace Synth.Runtime.Grains;

/// <summary>
/// Which class implements each grain interface, under which stable type name, and which silo
/// tags it needs. Silos need it to activate grains; clients to place them.
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly ConcurrentDictionary<Type, GrainType> _byInterface = new();
    private readonly ConcurrentDictionary<string, GrainType> _byName = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="TClass"/> as the implementation of <typeparamref name="TInterface"/>.</summary>
    public GrainTypeRegistry Add<TInterface, TClass>() where TInterface : IGrain where TClass : Grain, TInterface
    {
        var name = typeof(TInterface).Name;
        var tags = typeof(TClass).GetCustomAttribute<RequiresSiloTagsAttribute>()?.Tags ?? [];
        var type = new GrainType(name, typeof(TInterface), typeof(TClass), tags);
        if (_byName.TryGetValue(name, out var existing) && existing.Interface != typeof(TInterface))
        {
            throw new InvalidOperationException($"two grain interfaces are named {name}: {existing.Interface.FullName} and {typeof(TInterface).FullName}");
        }
        _byInterface[typeof(TInterface)] = type;
        _byName[name] = type;
        return this;
    }

    public GrainType Get(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var type)
            ? type
            : throw new InvalidOperationException($"grain interface {grainInterface.Name} is not registered (GrainTypeRegistry.Add<{grainInterface.Name}, TClass>())");

    public bool TryGet(string name, out GrainType type) => _byName.TryGetValue(name, out type!);
}

/// <summary>A registered grain: interface, class and required silo tags.</summary>
public sealed record GrainType(string Name, Type Interface, Type Class, IReadOnlyList<string> RequiredTags);
