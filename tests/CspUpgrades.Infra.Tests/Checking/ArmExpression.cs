using System.Globalization;
using System.Text;

namespace CspUpgrades.Infra.Tests.Checking;

/// <summary>
/// A template language expression of a compiled ARM template, such as
/// <c>[format('{0}/{1}', parameters('name'), 'default')]</c>: function calls, string and number literals,
/// property access and indexing. The Bicep compiler writes them; this only reads them back so the checks
/// can follow a <c>parameters()</c> or <c>variables()</c> to its value.
/// </summary>
public abstract record ArmExpression(string Text)
{
    /// <summary>The expression of a template string value, or null when the value is a plain string.</summary>
    public static ArmExpression? Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < 2 || value[0] != '[' || value[^1] != ']' || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return null;
        }

        var parser = new Parser(value[1..^1]);
        var expression = parser.Expression();
        parser.End();
        return expression;
    }

    /// <summary>The plain string a template string value stands for: itself, less the escape of a leading <c>[[</c>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith("[[", StringComparison.Ordinal) ? value[1..] : value;
    }

    public override string ToString() => Text;

    private sealed class Parser(string text)
    {
        private int _at;

        public ArmExpression Expression()
        {
            SkipSpace();
            var start = _at;
            ArmExpression expression;
            if (Peek() == '\'')
            {
                var value = ReadString();
                expression = new ArmString(Text(start), value);
            }
            else if (char.IsDigit(Peek()) || Peek() == '-')
            {
                while (char.IsDigit(Peek()) || Peek() == '-')
                {
                    _at++;
                }

                expression = new ArmNumber(Text(start), long.Parse(text[start.._at], CultureInfo.InvariantCulture));
            }
            else
            {
                var name = ReadName();
                Expect('(');
                var arguments = new List<ArmExpression>();
                SkipSpace();
                while (Peek() != ')')
                {
                    arguments.Add(Expression());
                    SkipSpace();
                    if (Peek() == ',')
                    {
                        _at++;
                    }
                    else if (Peek() != ')')
                    {
                        throw Error("',' or ')'");
                    }
                }

                _at++;
                expression = new ArmCall(Text(start), name, arguments);
            }

            while (true)
            {
                SkipSpace();
                if (Peek() == '.')
                {
                    _at++;
                    var member = ReadName();
                    expression = new ArmMember(Text(start), expression, member);
                }
                else if (Peek() == '[')
                {
                    _at++;
                    var index = Expression();
                    Expect(']');
                    expression = new ArmIndex(Text(start), expression, index);
                }
                else
                {
                    return expression;
                }
            }
        }

        public void End()
        {
            SkipSpace();
            if (_at != text.Length)
            {
                throw Error("the end of the expression");
            }
        }

        private string Text(int start) => text[start.._at];

        private char Peek() => _at < text.Length ? text[_at] : '\0';

        private void SkipSpace()
        {
            while (char.IsWhiteSpace(Peek()))
            {
                _at++;
            }
        }

        private void Expect(char expected)
        {
            SkipSpace();
            if (Peek() != expected)
            {
                throw Error($"'{expected}'");
            }

            _at++;
        }

        private string ReadName()
        {
            var start = _at;
            while (char.IsLetterOrDigit(Peek()) || Peek() is '_' or '$')
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw Error("a name");
        }

        // 'it''s': a quote inside a string is doubled.
        private string ReadString()
        {
            var value = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw Error("the end of a string");
                }

                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        value.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return value.ToString();
                }

                value.Append(text[_at++]);
            }
        }

        private FormatException Error(string expected) => new($"Expected {expected} at {_at} of the expression [{text}].");
    }
}

public sealed record ArmString(string Text, string Value) : ArmExpression(Text);

public sealed record ArmNumber(string Text, long Value) : ArmExpression(Text);

public sealed record ArmCall(string Text, string Function, IReadOnlyList<ArmExpression> Arguments) : ArmExpression(Text)
{
    public bool Is(string function) => string.Equals(Function, function, StringComparison.OrdinalIgnoreCase);
}

public sealed record ArmMember(string Text, ArmExpression Target, string Name) : ArmExpression(Text);

public sealed record ArmIndex(string Text, ArmExpression Target, ArmExpression Index) : ArmExpression(Text);
