using Orleans.Storage;

namespace Synth.Silo.Sqlite;

/// <summary>Options of one named <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions : SqliteStorageOptions, IStorageProviderSerializerOptions
{
    /// <summary>How state becomes bytes. Default: the silo's configured <see cref="IGrainStorageSerializer"/> (keyed by the provider's name, else the default one).</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage at which the table is created. Default <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}
