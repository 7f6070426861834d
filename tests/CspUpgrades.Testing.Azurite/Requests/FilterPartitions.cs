namespace CspUpgrades.Testing.Azurite.Requests;

/// <summary>
/// The partitions an OData <c>$filter</c> can match, read from its structure: <c>PartitionKey eq '…'</c> confines
/// a query to that partition, <c>and</c> intersects, <c>or</c> unites. Anything else (a range, <c>not</c>, a filter it
/// cannot read) confines nothing, so the answer errs towards "any partition", never towards too few.
/// </summary>
public static class FilterPartitions
{
    /// <summary>
    /// The partitions every row the filter matches must be in (possibly empty: the filter contradicts itself),
    /// or null when the filter lets the query reach any partition (a scan), including no filter at all.
    /// </summary>
    public static IReadOnlySet<string>? Reachable(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        try
        {
            var parser = new Parser(filter);
            var partitions = parser.ParseFilter();
            return partitions;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Recursive descent over the filter grammar Table Storage accepts: comparisons joined by and/or/not and parentheses.</summary>
    private sealed class Parser(string text)
    {
        private int _position;

        public HashSet<string>? ParseFilter()
        {
            var result = ParseOr();
            SkipSpace();
            return _position == text.Length ? result : throw Unexpected();
        }

        // null stands for "any partition" throughout.
        private HashSet<string>? ParseOr()
        {
            var result = ParseAnd();
            while (TryKeyword("or"))
            {
                var right = ParseAnd();
                if (result is null || right is null)
                {
                    result = null;
                }
                else
                {
                    result.UnionWith(right);
                }
            }

            return result;
        }

        private HashSet<string>? ParseAnd()
        {
            var result = ParseUnary();
            while (TryKeyword("and"))
            {
                var right = ParseUnary();
                if (result is null)
                {
                    result = right;
                }
                else if (right is not null)
                {
                    result.IntersectWith(right);
                }
            }

            return result;
        }

        private HashSet<string>? ParseUnary()
        {
            if (TryKeyword("not"))
            {
                _ = ParseUnary();
                return null;
            }

            SkipSpace();
            if (Peek() == '(')
            {
                _position++;
                var inner = ParseOr();
                SkipSpace();
                if (Peek() != ')')
                {
                    throw Unexpected();
                }

                _position++;
                return inner;
            }

            return ParseComparison();
        }

        private HashSet<string>? ParseComparison()
        {
            var left = ReadOperand();
            var op = ReadWord();
            if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
            {
                throw Unexpected();
            }

            var right = ReadOperand();
            if (op != "eq")
            {
                return null;
            }

            return (left, right) switch
            {
                ({ IsLiteral: false, Text: "PartitionKey" }, { IsLiteral: true, IsString: true }) => new(StringComparer.Ordinal) { right.Text },
                ({ IsLiteral: true, IsString: true }, { IsLiteral: false, Text: "PartitionKey" }) => new(StringComparer.Ordinal) { left.Text },
                _ => null,
            };
        }

        private Operand ReadOperand()
        {
            SkipSpace();
            if (Peek() == '\'')
            {
                return new Operand(ReadQuoted(), IsLiteral: true, IsString: true);
            }

            var word = ReadWord();
            if (Peek() == '\'')
            {
                // A typed literal: datetime'…', guid'…', X'…'.
                _ = ReadQuoted();
                return new Operand(word, IsLiteral: true, IsString: false);
            }

            var isLiteral = word.Length > 0 && (char.IsAsciiDigit(word[0]) || word[0] is '-' or '+' || word is "true" or "false");
            return new Operand(word, isLiteral, IsString: false);
        }

        private string ReadQuoted()
        {
            _position++;
            var value = new System.Text.StringBuilder();
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (Peek() == '\'')
                {
                    value.Append('\'');
                    _position++;
                }
                else
                {
                    return value.ToString();
                }
            }

            throw Unexpected();
        }

        private string ReadWord()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '.' or '-' or '+' or ':'))
            {
                _position++;
            }

            return start == _position ? throw Unexpected() : text[start.._position];
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpace();
            var end = _position + keyword.Length;
            if (end <= text.Length
                && string.Compare(text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end == text.Length || text[end] is ' ' or '(' or '\t'))
            {
                _position = end;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private FormatException Unexpected() => new($"Unreadable filter at {_position}: {text}");
    }

    private readonly record struct Operand(string Text, bool IsLiteral, bool IsString);
}
