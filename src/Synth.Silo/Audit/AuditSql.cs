using System.Data.Common;
using System.Text;
using Synth.Grains.Audit;

namespace Synth.Silo.Audit;

/// <summary>The SQL both audit stores share: the columns, and the page query with its filters as parameters (never as text).</summary>
internal static class AuditSql
{
    public const string Columns = "id, at, actor, role, action, resource, outcome, address, detail";

    /// <summary>Most events one query returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// <c>SELECT … FROM synth_audit WHERE … ORDER BY id … LIMIT …</c> for <paramref name="query"/>;
    /// <paramref name="time"/> turns a bound of <c>at</c> into the store's representation.
    /// </summary>
    public static void Prepare(DbCommand command, AuditQuery query, Func<DateTimeOffset, object> time)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM synth_audit WHERE 1 = 1");
        void Filter(string condition, string name, object? value)
        {
            if (value is null) return;
            sql.Append(" AND ").Append(condition);
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        Filter("actor = @actor", "actor", query.Actor);
        Filter("action = @action", "action", query.Action);
        Filter("resource = @resource", "resource", query.Resource);
        Filter("at >= @from", "from", query.From is { } from ? time(from) : null);
        Filter("at < @to", "to", query.To is { } to ? time(to) : null);
        Filter("id < @before", "before", query.Before);
        Filter("id > @after", "after", query.After);
        sql.Append(query.Ascending ? " ORDER BY id ASC" : " ORDER BY id DESC");
        sql.Append(" LIMIT ").Append(Math.Clamp(query.Limit, 1, MaxLimit));
        command.CommandText = sql.ToString();
    }

    public static async Task<IReadOnlyList<AuditEvent>> ReadAsync(DbCommand command, Func<DbDataReader, int, DateTimeOffset> time, CancellationToken cancellationToken)
    {
        var events = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AuditEvent(
                reader.GetInt64(0), time(reader, 1), reader.GetString(2), Text(reader, 3), reader.GetString(4),
                Text(reader, 5), reader.GetString(6), Text(reader, 7), Text(reader, 8)));
        }
        return events;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
