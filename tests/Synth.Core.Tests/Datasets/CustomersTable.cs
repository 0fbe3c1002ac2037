using System.Globalization;
using System.Text;
using Synth.Core.Datasets;

namespace Synth.Core.Tests.Datasets;

/// <summary>
/// The customers table of issue 14, one column of each form: ids like C030000000, money with two
/// decimals, plain dates, datetimes with a space, datetimes at a +02:00 offset, a plan spelled in
/// mixed case, an integer age and a country, with missing values in age, income and country.
/// </summary>
internal static class CustomersTable
{
    public const int Rows = 2_000;

    public static readonly string[] Plans = ["Basic", "Pro", "ENTERPRISE", "pro-Legacy"];

    public static string Csv()
    {
        var csv = new StringBuilder("customer_id,plan,age,income,monthly_fee,signup_date,last_login,renewal_at,country\n");
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Rows; i++)
        {
            var age = i % 17 == 0 ? "" : (18 + i * 7 % 60).ToString(CultureInfo.InvariantCulture);
            var income = i % 23 == 0 ? "" : (20000 + i * 37.13 % 90000).ToString("F2", CultureInfo.InvariantCulture);
            var fee = (9.99 + i % 5 * 10).ToString("F2", CultureInfo.InvariantCulture);
            var signup = start.AddDays(i % 1200);
            var login = signup.AddMinutes(i * 97 % 50000).AddSeconds(i % 60);
            var renewal = new DateTimeOffset(signup.AddHours(i % 24), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));
            var country = i % 29 == 0 ? "" : i % 3 == 0 ? "DE" : "fr";
            csv.Append(CultureInfo.InvariantCulture,
                $"C{30_000_000 + i:D9},{Plans[i % Plans.Length]},{age},{income},{fee},{signup:yyyy-MM-dd},{login:yyyy-MM-dd HH:mm:ss},{renewal:yyyy-MM-dd'T'HH:mm:sszzz},{country}\n");
        }
        return csv.ToString();
    }

    public static RawTable Read() => RawTable.ReadCsv(new MemoryStream(Encoding.UTF8.GetBytes(Csv())));
}
