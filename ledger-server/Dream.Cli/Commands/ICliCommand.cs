namespace Dream.Cli.Commands;

/// <summary>Builds one subcommand of <c>dream</c>, its options and its action, on the options every command shares.</summary>
internal interface ICliCommand
{
    Command Create(GlobalOptions o);
}
