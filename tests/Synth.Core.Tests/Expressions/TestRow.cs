namespace Synth.Core.Tests.Expressions;

/// <summary>One row of <see cref="ExpressionTestTable"/>; null means a null cell.</summary>
internal sealed record TestRow(
    long? Age = 30,
    double? Income = 1000,
    bool? Vip = false,
    string? Status = "active",
    string Region = "north",
    long SignupMicros = 0,
    int BirthdayDays = 0);
