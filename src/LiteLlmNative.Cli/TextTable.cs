using System;
using System.Collections.Generic;
using System.Text;

namespace LiteLlmNative.Cli;

/// <summary>Rows of columns padded to their widest cell, for a terminal; cells from the server are escaped there.</summary>
internal sealed class TextTable
{
    private readonly List<string[]> _rows = new();

    public TextTable(string[] header) => _rows.Add(header);

    public void Add(string[] row) => _rows.Add(row);

    public void WriteTo(CliOutput output)
    {
        var cells = _rows.ConvertAll(r => Array.ConvertAll(r, output.ForStdout));
        var widths = new int[cells[0].Length];
        foreach (var row in cells)
        {
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        var line = new StringBuilder();
        foreach (var row in cells)
        {
            line.Clear();
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(row[c]);
                if (c < row.Length - 1) line.Append(' ', widths[c] - row[c].Length + 2);
            }
            output.WriteLine(line.ToString());
        }
    }
}
