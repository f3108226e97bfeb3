# bash completion for fts's `indexer` and `searcher`. Installed under both names in
# share/bash-completion/completions/. SPDX-License-Identifier: GPL-2.0-or-later

_fts_complete() {
    local cur prev
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
        --db|--report) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --queries) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "text json jsonl tsv trec ids" -- "$cur")); return ;;
        --sort) COMPREPLY=($(compgen -W "relevance date -date" -- "$cur")); return ;;
        --facet) COMPREPLY=($(compgen -W "source author tag year" -- "$cur")); return ;;
        --color|--progress) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --fields)
            local fields="rank id title score date path url author source tags snippet highlights duplicates explain"
            local head="${cur%,*}" last="${cur##*,}"
            if [[ "$cur" == *,* ]]; then
                COMPREPLY=($(compgen -P "$head," -W "$fields" -- "$last"))
            else
                COMPREPLY=($(compgen -W "$fields" -- "$cur"))
            fi
            compopt -o nospace 2>/dev/null
            return ;;
        --language)
            COMPREPLY=($(compgen -W "none english french german spanish italian portuguese dutch russian swedish norwegian danish finnish" -- "$cur"))
            return ;;
        --like|--since|--until|--now|--half-life|-n|--limit|--offset|--facet-limit|--k1|--b|\
        --feedback-docs|--feedback-terms|--feedback-weight|--feedback-depth|--run-tag|--snippet-length|\
        --title-weight|--id-prefix|--batch-size|--wait-lock|--delete)
            return ;;
    esac
    if [[ "$cur" == -* ]]; then
        # The options come from the program's own --help, so they never go stale.
        local opts
        opts=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -oE '(^|[ ,])--?[A-Za-z0-9][-A-Za-z0-9]*' | tr -d ' ,' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ "${COMP_WORDS[0]##*/}" == indexer ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _fts_complete indexer searcher
