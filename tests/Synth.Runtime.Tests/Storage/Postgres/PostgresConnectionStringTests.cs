using Npgsql;
using Synth.Runtime.Storage.Postgres;

namespace Synth.Runtime.Tests.Storage.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void A_key_value_connection_string_is_returned_unchanged()
    {
        const string text = "Host=db;Port=5433;Username=synth;Database=cluster";

        PostgresConnectionString.Normalize(text).Should().Be(text);
    }

    [Fact]
    public void A_uri_becomes_host_port_user_password_and_database()
    {
        var builder = Parse("postgresql://synth:s3cret@db.example:5433/cluster");

        builder.Host.Should().Be("db.example");
        builder.Port.Should().Be(5433);
        builder.Username.Should().Be("synth");
        builder.Password.Should().Be("s3cret");
        builder.Database.Should().Be("cluster");
    }

    [Fact]
    public void The_uri_form_the_test_script_exports_is_understood()
    {
        var builder = Parse("postgresql://postgres@127.0.0.1:40871/postgres");

        builder.Host.Should().Be("127.0.0.1");
        builder.Port.Should().Be(40871);
        builder.Username.Should().Be("postgres");
        builder.Password.Should().BeNull();
        builder.Database.Should().Be("postgres");
    }

    [Fact]
    public void Percent_encoded_characters_are_decoded_and_the_postgres_scheme_works_too()
    {
        var builder = Parse("postgres://us%40er:p%40ss%3Aw%2Frd@db/my%20db");

        builder.Username.Should().Be("us@er");
        builder.Password.Should().Be("p@ss:w/rd");
        builder.Database.Should().Be("my db");
        builder.Port.Should().Be(NpgsqlConnection.DefaultPort);
    }

    [Fact]
    public void An_ipv6_host_is_read_without_its_brackets()
    {
        var builder = Parse("postgresql://[::1]:5444/db");

        builder.Host.Should().Be("::1");
        builder.Port.Should().Be(5444);
    }

    [Fact]
    public void Several_hosts_become_a_host_list()
    {
        Parse("postgresql://one:5432,two:5433,[::1]/db").Host.Should().Be("one:5432,two:5433,[::1]");
    }

    [Fact]
    public void Query_parameters_are_mapped_from_their_libpq_names()
    {
        var builder = Parse("postgresql://db/cluster?sslmode=verify-full&application_name=synth%20silo&connect_timeout=7&target_session_attrs=read-write");

        builder.SslMode.Should().Be(SslMode.VerifyFull);
        builder.ApplicationName.Should().Be("synth silo");
        builder.Timeout.Should().Be(7);
        builder.TargetSessionAttributes.Should().Be("read-write");
    }

    [Fact]
    public void A_unix_socket_directory_can_be_given_as_the_host_parameter()
    {
        var builder = Parse("postgresql:///cluster?host=/var/run/postgresql");

        builder.Host.Should().Be("/var/run/postgresql");
        builder.Database.Should().Be("cluster");
    }

    [Theory]
    [InlineData("postgresql://db/cluster?no_such_option=1")]
    [InlineData("postgresql://db:notaport/cluster")]
    [InlineData("postgresql://[::1/cluster")]
    [InlineData("postgresql://db/cluster?sslmode")]
    public void A_malformed_uri_is_an_argument_error(string uri)
    {
        var normalizing = () => PostgresConnectionString.Normalize(uri);

        normalizing.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void An_error_about_a_uri_does_not_repeat_its_password()
    {
        var normalizing = () => PostgresConnectionString.Normalize("postgresql://synth:hunter2@db:bad/cluster");

        normalizing.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("hunter2");
    }

    private static NpgsqlConnectionStringBuilder Parse(string uri) => new(PostgresConnectionString.Normalize(uri));
}
