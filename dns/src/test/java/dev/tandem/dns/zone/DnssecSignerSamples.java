package dev.tandem.dns.zone;

/** Signed zone text as real signers write it, for the DNSSEC fast-path tests. */
final class DnssecSignerSamples {
  private DnssecSignerSamples() {}

  /**
   * ldns-signzone -n -p -s 0a1b2c -t 5, Ed25519 KSK and ZSK: NSEC3 with opt-out, empty
   * non-terminals.
   */
  static final String LDNS_ED25519_NSEC3 =
      """
      ex.test. 3600 IN SOA ns1.ex.test. hostmaster.ex.test. 1 3600 900 1209600 300
      ex.test. 3600 IN RRSIG SOA 15 2 3600 20261230054614 20261202054614 17985 ex.test. BdQiqKQN7zxhsrcC+j5z7FS9SEbTR/En0/Rxn9kWpPK2RP75p33mh7B+IRF7IijxGq00kTU5ZO2P6XJlzXqqAg==
      ex.test. 3600 IN NS ns1.ex.test.
      ex.test. 3600 IN NS ns2.other.test.
      ex.test. 3600 IN RRSIG NS 15 2 3600 20261230054614 20261202054614 17985 ex.test. h3SwAu49x7pbzs/9KDJF/JRxLo5ktB8WNX0PpBLvGRCeCQiddGdXMX5YS3YpzraDrT9OuZUnsgKVQBtWw4q9Cw==
      ex.test. 3600 IN MX 10 mail.ex.test.
      ex.test. 3600 IN RRSIG MX 15 2 3600 20261230054614 20261202054614 17985 ex.test. 0F3N8SDAIGZ6EMpwkALYSHtC/wv+3uUv1P5t12gsGNFg4ZkCiONMbUZR5XWh0MI449YJh3um+MBcqAimQ6btCg==
      ex.test. 3600 IN DNSKEY 256 3 15 DuslkBZhxXkniBcP2VGqiDMrmEzSxxo/BqsO9tYlyyQ= ;{id = 17985 (zsk), size = 256b}
      ex.test. 3600 IN DNSKEY 257 3 15 WttBDivL3rPuUF6MtgLoMGc1Lz+jhebETsQ3AiUGqfs= ;{id = 2833 (ksk), size = 256b}
      ex.test. 3600 IN RRSIG DNSKEY 15 2 3600 20261230054614 20261202054614 2833 ex.test. ZApcp6gRCZOhwIclbuWqL1ycOE44rRlp1zunuStvJSmV8SHATwCdmTKvC0YwydjzfszgHVBoV0aHDFJGhZWFAQ==
      ex.test. 3600 IN NSEC3PARAM 1 0 5 0a1b2c
      ex.test. 3600 IN RRSIG NSEC3PARAM 15 2 3600 20261230054614 20261202054614 17985 ex.test. KyDkdzw7tk7lRUE62FT3tHPVQcYdSI890OxblmlIB0Rtf9GL3YDuwp2db3zUGwa0weJj1oApAg4OnakYyCswCQ==
      4birgfmjdaellf0sjv2hv473jof7pg1v.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  4oavcptp1menj5dm9dbofccjrtunokob NS SOA MX RRSIG DNSKEY NSEC3PARAM
      4birgfmjdaellf0sjv2hv473jof7pg1v.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. dG4UZ+gRN4H1ZGF8O/HCkyaeijPsFOoyHKW9weLIlnrK18UyeGGzFwNj5PfjBxtqFbxV2I8g5f96A3P3XO2OAg==
      ohfv9t3ukckk9k972pd8chvkm1lcum88.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  t9644nj6aft0j69pqs6r39btp12lv2u4
      ohfv9t3ukckk9k972pd8chvkm1lcum88.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. ajsLm6J4S5VZABWG8ynDz93s6SfxRx0PNrdkxiweNhsead3HnfmcaYhVyMV3fY8MZ1siUYPGI9smHiqHt/jNBQ==
      _sip._tcp.ex.test. 3600 IN SRV 1 2 5060 www.ex.test.
      _sip._tcp.ex.test. 3600 IN RRSIG SRV 15 4 3600 20261230054614 20261202054614 17985 ex.test. abN4FfmF0BEAUmMamcDEeAdkAeq6Y58EvsMcec0t0EClCrQ08ugk01ET9yxw33VL1e6JklDXJbv73jg7uwq5DA==
      80u2tfgug7g1ofcua8dgj9776osa2sls.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  ag41kage0piffkj7dh2uv59gnhnp9ojq SRV RRSIG
      80u2tfgug7g1ofcua8dgj9776osa2sls.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. 83FdeML6qyYJliqizvs+Fs0eEBv9McEMrdxJLRwdZtEUcjeS1kWtT82/v/Zv4gyhGJgky/ScoF0jqbYvmeScAg==
      caa.ex.test. 3600 IN CAA 0 issue "ca.test"
      caa.ex.test. 3600 IN RRSIG CAA 15 3 3600 20261230054614 20261202054614 17985 ex.test. ypxPjOQNRBmYPW9UWIAlDAgTQGxG5mLXc7JJKsx+Ie53fTWDBhZeMcS9hg/InF4854H360a487y9r3OFCwMXAw==
      urrhsc3k0kl1gb8bkm769g5dbet7bo99.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  1kumfuskdqtus6na3nkrqdmv8ag3joa9 RRSIG CAA
      urrhsc3k0kl1gb8bkm769g5dbet7bo99.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. GMcxw5wTVS63AdSHQybjziHMB9eO2tuvtdB4uS4xx0jMNPlJItgnyd6zlThGebEZH3cSlrejRtSCbhGpj4XPCg==
      deleg.ex.test. 3600 IN NS ns.elsewhere.test.
      o6m2miuatev8m0aupl4amvulr26qseca.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  ohfv9t3ukckk9k972pd8chvkm1lcum88 NS
      o6m2miuatev8m0aupl4amvulr26qseca.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. IaySyUupoQNDuBUlZCGpu8s/0yZOzyfT2g7qdUVvgb0cQjv3hB/mDEw0avwDJ/eACGba6Z0G5xKKE35VIn4RCQ==
      lots.ex.test. 3600 IN A 192.0.2.9
      lots.ex.test. 3600 IN RRSIG A 15 3 3600 20261230054614 20261202054614 17985 ex.test. Me0AAgHVvl8E0+rA+dZnlr0FJGqoRfwZjGba+VjZA6SLuhmRSiqfMh/mPmE0UvN11AUKjW5S5mMDoT9as478Dg==
      lots.ex.test. 3600 IN HINFO "x" "y"
      lots.ex.test. 3600 IN RRSIG HINFO 15 3 3600 20261230054614 20261202054614 17985 ex.test. FWMiieARUBkBBkmUl53ZZGa0xZ3drX+bNEmMtBPNmIr+jj7EML7mRl9W27xHn9QdasFdhbnZXCFi4A2lVpZvAw==
      lots.ex.test. 3600 IN LOC 52 22 23.000 N 04 53 32.000 E -2m 0.00m 10000m 10m
      lots.ex.test. 3600 IN RRSIG LOC 15 3 3600 20261230054614 20261202054614 17985 ex.test. oRfBBc8Ea81o7bFCMzN8oCsd8U14FhWBzb4wuYCz4gQQdM+neJYPBE5W+n/AZ7MkJZABkMQr7SdRP/hyDhuoCw==
      lots.ex.test. 3600 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@b!" .
      lots.ex.test. 3600 IN RRSIG NAPTR 15 3 3600 20261230054614 20261202054614 17985 ex.test. lAdzmKm/oIE7jDYiDvd3294uFLEF2MaJ864uo0l5lWVM3dgIM0Tjw/PO8r9YIH9Nj0DcSwkjHF0fJh2lCq7dDg==
      lots.ex.test. 3600 IN SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
      lots.ex.test. 3600 IN RRSIG SSHFP 15 3 3600 20261230054614 20261202054614 17985 ex.test. vPweLArjbmrdhVL7Bs3KoFOwzW1X6GyDHSZLE2vYADILoRypXQm/F46atbfss9x0d+qGA+kqBvNg13GKiFrtAA==
      lots.ex.test. 3600 IN CDS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      lots.ex.test. 3600 IN RRSIG CDS 15 3 3600 20261230054614 20261202054614 2833 ex.test. xi6Z09cTzQdXeHrHsM5qC8dUcwH+RWTi2WG6VoFZ+BNYei5vmlinR4YjSsBRD5io+1SWnRi8ZLohKk1BujD0BQ==
      lots.ex.test. 3600 IN TYPE1234 \\# 2 abcd
      lots.ex.test. 3600 IN RRSIG TYPE1234 15 3 3600 20261230054614 20261202054614 17985 ex.test. VJgL+O3zRHnmD5XZ1V8z1TrdV0PFpekDowsT16QubjOX/SthUlzNJvk1N3KZFQDpRlffyKmA1CKhsX+YpRXcBg==
      lots.ex.test. 3600 IN TYPE65000 \\# 0
      lots.ex.test. 3600 IN RRSIG TYPE65000 15 3 3600 20261230054614 20261202054614 17985 ex.test. gB2jL+DvKmcKBLqEvz4afMDkdF92hjGoSKbvfVyQTVHws/HBfPVEgsY8AqMsk5B4+xgpxwwdOZpAUH5uJzaqBg==
      cnqc1p6i0bj6bf3bsgvgme6qfksquvjt.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  hd3e9bhqlhuakl9fej9s4gqdefdbabrt A HINFO LOC NAPTR SSHFP RRSIG CDS TYPE1234 TYPE65000
      cnqc1p6i0bj6bf3bsgvgme6qfksquvjt.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. PlkcgIZw6FtM3wgeiMPgMjktqBbLwNhrK9huUaQ/nHq6+d0+Sq1tGWIkkufNQ81btUkgJrTxXmyo+itrqb96BA==
      mail.ex.test. 3600 IN A 192.0.2.2
      mail.ex.test. 3600 IN RRSIG A 15 3 3600 20261230054614 20261202054614 17985 ex.test. HDcCGwfpTKK76E2oVqHxvG6eC2Rl1I67TSU74yr7Blk8NN7A5r8LP009rdqrgi4nhGl94dNZjPrFGpdTvmAEBA==
      mail.ex.test. 3600 IN AAAA 2001:db8::2
      mail.ex.test. 3600 IN RRSIG AAAA 15 3 3600 20261230054614 20261202054614 17985 ex.test. FqjCy+wAds9wvjnhLjXf3YWA6+oOOC39N8lzPyRe1sp1hlGkq2h5RjP+J6yuLa97XuwGbsZqxZXSV0hf9m0eBg==
      n2qarule8uqlomd1t44gj5910c6snd47.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  o6m2miuatev8m0aupl4amvulr26qseca A AAAA RRSIG
      n2qarule8uqlomd1t44gj5910c6snd47.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. KIuhUpCI5gAGOSPPnmqTG3uCTxetLWgBQuCXvsf5oS+ytIVNU+MMf/mOVQDtbwDmNpPjqPhtxI7tcAdIbbELDQ==
      ns1.ex.test. 3600 IN A 192.0.2.1
      ns1.ex.test. 3600 IN RRSIG A 15 3 3600 20261230054614 20261202054614 17985 ex.test. CUK5qIeR6egY7/rVarKDp4YPvJ/7pKS5/G/7e/mT1dG5+UwsNU+V6X2XEqoFjsdXpkjLopnP0finwhRjtKLrBA==
      4oavcptp1menj5dm9dbofccjrtunokob.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  80u2tfgug7g1ofcua8dgj9776osa2sls A RRSIG
      4oavcptp1menj5dm9dbofccjrtunokob.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. EaC4knx04TPTu5552foxLvl1rYFFVnpmbU+VT7iDZNXQ06op0VzDqIjpJ/GOe4aHuLudZxdtdbTwMPZQAQ/dDg==
      ptr.ex.test. 3600 IN PTR www.ex.test.
      ptr.ex.test. 3600 IN RRSIG PTR 15 3 3600 20261230054614 20261202054614 17985 ex.test. LBaxY+a6ENtcsNzBuOZVkhi/z0RDl+A3/T8kfBV9gMjif4zFXGJ6EbjwY1J6DFEc2NHODTHSI2d9IsFX3eUmDA==
      t9644nj6aft0j69pqs6r39btp12lv2u4.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  urrhsc3k0kl1gb8bkm769g5dbet7bo99 PTR RRSIG
      t9644nj6aft0j69pqs6r39btp12lv2u4.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. ePfzITkaDUcYZaYZzQxx/OLQFvYwHRvik/88hETaxCT2Lvf7cno3qP4upHRnJ0ghY47A/8sfjkLe7K82zCQ0AQ==
      sub.ex.test. 3600 IN NS ns.sub.ex.test.
      sub.ex.test. 3600 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      sub.ex.test. 3600 IN RRSIG DS 15 3 3600 20261230054614 20261202054614 17985 ex.test. qWImqAQIUfRLbM0J6YjqrqjxkCCC1cfWpmu+Skh/y6LgZUyRZb3FnRO7HCca99C7aGpaHnjK5qx+ynbBKgp7Bw==
      mluci2impkmjqoh5v6doc6oc0r8gmge6.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  n2qarule8uqlomd1t44gj5910c6snd47 NS DS RRSIG
      mluci2impkmjqoh5v6doc6oc0r8gmge6.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. q6hwg7h0z+7YeNrF6rmoimxL+FP7HeRWplyNEr9UcWapY4bDaSm7s8yrdgl3XloCorcqKmE7StIxyi62PVUhAg==
      ns.sub.ex.test. 3600 IN A 192.0.2.5
      ag41kage0piffkj7dh2uv59gnhnp9ojq.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  cnqc1p6i0bj6bf3bsgvgme6qfksquvjt
      ag41kage0piffkj7dh2uv59gnhnp9ojq.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. Qao7triVvOOdfajGXYOhGsH8v30WS8ru/FapkhfiyB9P2sFnvLsVBKYF2mntfJCAVME6+y/21QgFJA7f8sRcDw==
      *.wild.ex.test. 3600 IN A 192.0.2.4
      *.wild.ex.test. 3600 IN RRSIG A 15 3 3600 20261230054614 20261202054614 17985 ex.test. gqTJon97SZDcPkhYKxuNVW60vQY/YFw0DbyPu6LlRIwK3qD0455lAvlYZnXkAhu2Iurvkt6LihimKWcGhmXIDQ==
      hd3e9bhqlhuakl9fej9s4gqdefdbabrt.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  mluci2impkmjqoh5v6doc6oc0r8gmge6 A RRSIG
      hd3e9bhqlhuakl9fej9s4gqdefdbabrt.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. A/QCfb7jzZYCSqAuai4rc5DEw7ax7tsGsu726gfSX1caFWCm1Mp8AFEq1ZrXbPQn/Shhtyj2YsWKIi9dH3PRCg==
      www.ex.test. 3600 IN A 192.0.2.3
      www.ex.test. 3600 IN RRSIG A 15 3 3600 20261230054614 20261202054614 17985 ex.test. IQZdwXbLhcdTmRt7gM+nWBlaidimecx2S3ITn1A5jFaLh+n5OVvPQj25ajmjqXl4g1IOu38gr9AAIwTuzleBAw==
      www.ex.test. 3600 IN TXT "hello world"
      www.ex.test. 3600 IN RRSIG TXT 15 3 3600 20261230054614 20261202054614 17985 ex.test. yA5X1Xxb2AnyY3gZ8CuNQ21mAlEwvvnzZMMxsvuco3pRAhihFel8XHReRkRLele5CQcjwFxk6WK4PEUVxdoJDw==
      1kumfuskdqtus6na3nkrqdmv8ag3joa9.ex.test. 300 IN NSEC3 1 1 5 0a1b2c  4birgfmjdaellf0sjv2hv473jof7pg1v A TXT RRSIG
      1kumfuskdqtus6na3nkrqdmv8ag3joa9.ex.test. 300 IN RRSIG NSEC3 15 3 300 20261230054614 20261202054614 17985 ex.test. cvis8Yav4eXTd62CLzuY+qQJ3+PgXqd16piBE/pkJk78bwj1ttxv6/AzSRPkQvnZKdtmntwzAmu8tN9K5r/6BA==

      """;

  /** ldns-signzone, RSASHA256 1024-bit ZSK and 2048-bit KSK: NSEC. */
  static final String LDNS_RSASHA256_NSEC =
      """
      ex.test. 3600 IN SOA ns1.ex.test. hostmaster.ex.test. 1 3600 900 1209600 300
      ex.test. 3600 IN RRSIG SOA 8 2 3600 20261230054614 20261202054614 18141 ex.test. SDYgVPVfYjDW2bxoFdf6aJpQgZrElcVaOxg7k0a3GhBvhfTb5BykkTTZqvU7cINcLMzaSkfULG/4BRQWVYrh/37fcDpEiT68PzfOMKS/n/0D0Yr92yidUSp/8toPWIX+izSRf4bM0Cxs19BEvvSj8aJpqJn1vFWqtuLmI4Awf3I=
      ex.test. 3600 IN NS ns1.ex.test.
      ex.test. 3600 IN NS ns2.other.test.
      ex.test. 3600 IN RRSIG NS 8 2 3600 20261230054614 20261202054614 18141 ex.test. 2az/q/yGPYIKrhJGm4iOOyrlspSq8e3u6tA3ci2ES5bfuuCRmhFmgX6xto6uIa7Ehqdaj++4e1xv9yLmJm/ZCrkrq4lOyUZd+Djv2/761tGNzW8EHU600JplwVGYO2/nEXxkBmiZCTgjyQz8s/rM6GMDWxB8QHs2E/9P0NcHkpg=
      ex.test. 3600 IN MX 10 mail.ex.test.
      ex.test. 3600 IN RRSIG MX 8 2 3600 20261230054614 20261202054614 18141 ex.test. iCyq/pQaGxY45mwN5UZVfvlMI+FaI1aUILfP+Wx14l5yXyiIN4aAPxpH9BrQ3kRECAXWy3FRio229ApT978X1wmjoT4YaybH4oY9bmeTS1gGumY3kikyQYMoACa4Gi9UvVeMRpzrHsl2EYFaaUy7tCdcFxNf9QqFDwLBqc5QQCA=
      ex.test. 3600 IN DNSKEY 256 3 8 AwEAAdpcmoCQJy4+Aj3yDuPr7gaBiSGIVB60AIpgWll+MpJaOmm15lEz3KrVX94nsWy51M/sIes0UEU/G9vUR3edTmHUECSSfjpxsLwBguAc7obCybkzUtJ2a11Y+0p/EJuhNxgSgZdADb3G+rcg9JdQMmfO7s86/YCFJwvN5542CiTh ;{id = 18141 (zsk), size = 1024b}
      ex.test. 3600 IN DNSKEY 257 3 8 AwEAAZaTmdJOZUykaf2oH2mSkGXVBgpqXTckbJipQ3LjLUWCihxu87vTFFuFTPS7wnDOI0UHdMZQvg6MMW5nYwNU9TPzV5+FY8O0kzNDwoMDUSt+vR79e8+xqfpk3UHNicjDwtPohbqmJFXmL0XtBpFNHJc/h5OXFWdTXwunk7IyQvSK+WeiRUAyKLmqXuHnsH80AGf3CLlmBHA6aqYDWY8oclNIlW4cgLGGxq9peiQ86KrZF7Qq0ud75ux9o53YTZifXTI2+K0tGHm3H3YcBy88XQXwwaCoRKHd+0Hw3+86ZznGyOUDfUVs/P/nR0/MloaRB6zu4c5aXZ/KpsHVt4f1LJ0= ;{id = 64640 (ksk), size = 2048b}
      ex.test. 3600 IN RRSIG DNSKEY 8 2 3600 20261230054614 20261202054614 64640 ex.test. G73JQsymjyEhZvzaMY2HDi2VnHSu9h4QMQ768pOlK7jPAsKVnmhJ8dfnxB6XKZrqn7a28PGtMLTMp8K2oL3L/uUVAF35nMQBfj4CcyJJSZSgnxnqImISpBiwdmZOxo3QwVGfjJ9y54UpGalb9k1lsWsTccbx+TD0Xb294tTN98XvfFU2C4ZNFDXsCUcN5e06RMBUQOPDcWLF1wcUKpa6QRXa0uC8MNZWt+qO9xB3bPJb5TN5KtuB5DRYxAzkNylaRt83HF24mEXn0O9k0DfPokSzh4x0dpLmZFK/e4+D6gAHGNAOW+E/fzCmPuHS60NfNOoXo2Of3qYhddwsUobjeg==
      ex.test. 300 IN NSEC _sip._tcp.ex.test. NS SOA MX RRSIG NSEC DNSKEY
      ex.test. 300 IN RRSIG NSEC 8 2 300 20261230054614 20261202054614 18141 ex.test. IE0O7pBe78TSlFcWFFMYh4Tc3/h6JxSGUehcj+dIrutjBIfMErHTuu640S6CCZN8CWfUrJBGHnNCyDr1vu+HZ2FR4bb6OuXsLpO39UIZTWCoasI7o4TTysaav8GyvXfedIHcavcB3QKOc1wFqD0GO0hf2/aH+qlc5UfcyhE9+BA=
      _sip._tcp.ex.test. 3600 IN SRV 1 2 5060 www.ex.test.
      _sip._tcp.ex.test. 3600 IN RRSIG SRV 8 4 3600 20261230054614 20261202054614 18141 ex.test. SrJXy3AU62RkO8OlY+M7HPUiEbwn7P5dZuPBlcs/3rlXhhLqpO34syvZtlEbrbL4VkP4yGCqxy345XYhMiWprgMSzDNfFlrSagco+eLNPmtz2mQ3K4nbQcUBgcAdiuF5A7LpfmUWjRMskUyCV/SXWweYQAL3hYKsf6LOuOAKh04=
      _sip._tcp.ex.test. 300 IN NSEC caa.ex.test. SRV RRSIG NSEC
      _sip._tcp.ex.test. 300 IN RRSIG NSEC 8 4 300 20261230054614 20261202054614 18141 ex.test. VgzcbPuFV7VDXwEYsAib7ZmuRJ9vvcngeR4ZrInzQC609hHyhnEYoNDw7zmkEJ6DZhIzRWXMBDCijv3ZRkchCqO7q2tqjpEaWzoYRx6S9IsDHeR9IvjTXzHI3u1+SUqiRq6U9arYxgaxSEhIM92sEUKE8spwMbMvCTyEi8qmBkE=
      caa.ex.test. 3600 IN CAA 0 issue "ca.test"
      caa.ex.test. 3600 IN RRSIG CAA 8 3 3600 20261230054614 20261202054614 18141 ex.test. UvX4W7h3CaIl3qUwJeTjpTGjsCr4vOAEFjyoLQOoJOT8aVJqE9RfvTr1VeHTj1uFI/I5UxlT6X53NgP8JbsOXEI+o+UFz3NWSXc1eHgxDvu7SiF4GSo9YnxjPWdsUPqCvBGyRccvfUCeKud5KP2gUv6C2m4HIhLywm09MAMkvA0=
      caa.ex.test. 300 IN NSEC deleg.ex.test. RRSIG NSEC CAA
      caa.ex.test. 300 IN RRSIG NSEC 8 3 300 20261230054614 20261202054614 18141 ex.test. EerRXjLd9RYprijt1QjsPHxy6owqyx1TxQlFVFZn4pPkXnHZGPSmrKOTkFceJ9Pl3i4rbsfMP6tKu35SMusCOHZz+4RV2c6lHRZbvPLyUPFyVP0UjPV0z0ENfDxjsvhCji+5manXLJYCc+w2v06+JcTCwbfAbYCqlcTbKtu6EWk=
      deleg.ex.test. 3600 IN NS ns.elsewhere.test.
      deleg.ex.test. 300 IN NSEC lots.ex.test. NS RRSIG NSEC
      deleg.ex.test. 300 IN RRSIG NSEC 8 3 300 20261230054614 20261202054614 18141 ex.test. RVTa37AST90olBrzSxxuzL5JEgNyDcdFxmUGmXxmsZEuZX5g7InJ8OEu+i3z421tkRQ2FmuWQ270pkwiAuORMOlp0TCw0RV3dwtEqzPkUEDiWik5toXIQKN7gHUqldrmIOcVragUItbM6gZVq8gbBbIHV1mCErapzskoIsljKNs=
      lots.ex.test. 3600 IN A 192.0.2.9
      lots.ex.test. 3600 IN RRSIG A 8 3 3600 20261230054614 20261202054614 18141 ex.test. t4uPRBLc/CMxGezxSqJlq6k3bANO+IfZJ+Em/aC8kb5/V0b0STIpP7DeGaSoGU1mVCb6OCrOeq3A783dLJ0meVT1IqmLCH2u7grwlfvDRLRjnBi8gUcAuww/xmbUSFSiA6oXiir3LJx9YIZ/FQinPaCJswn/GcmbfrJqGz5MMhA=
      lots.ex.test. 3600 IN HINFO "x" "y"
      lots.ex.test. 3600 IN RRSIG HINFO 8 3 3600 20261230054614 20261202054614 18141 ex.test. P9SnloH4Mi7ptRyZ/RKkxDQQ81tmSuyxRF8T7Zj5WQlx1LST/VR058NC4v353z0xz0XGAPTY4CeMSsqDri3eaTK9NWIaLrpzgoVssJ5F9EvMNC3JnwTDRT8JSIWztjSzz4JkcpegxWjob6M2Bx1Ef9EIdCY9UcJAxRJ0Inq4Qb0=
      lots.ex.test. 3600 IN LOC 52 22 23.000 N 04 53 32.000 E -2m 0.00m 10000m 10m
      lots.ex.test. 3600 IN RRSIG LOC 8 3 3600 20261230054614 20261202054614 18141 ex.test. djOI9rDZGIDmkVA2x3Ge9yHzZEuPBWEpm1b6/bbfGH7q5gaDESLBS5OREWpgxLeXOXA4JtJkOQUIu1qpgopDLqfHjDDXdVIMScHF/EYCMMXDPkJ+NM2Rb/yqt71oSOvQMFSQCJ6GPVUSj208E0E1ut8g9N8uo5dzFuTBCLr4y7I=
      lots.ex.test. 3600 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@b!" .
      lots.ex.test. 3600 IN RRSIG NAPTR 8 3 3600 20261230054614 20261202054614 18141 ex.test. XBAmnf6UecRfK0RfIAdLJPfhLt7b4aceo6nZVE34xecm6Z+4is9gtM9FExftZz1luYb9EjIeZauy7nyw0yv/gcLSFu4vLEDxk54vAbG6QJI0U2tTg4viyEgf2Wy24srUMFX5QA/jYS2CHnQf16a63bachViz0mtgevHbS6efq20=
      lots.ex.test. 3600 IN SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
      lots.ex.test. 3600 IN RRSIG SSHFP 8 3 3600 20261230054614 20261202054614 18141 ex.test. TdFmkx1Ij8HksnR/5k/HAURwM0sXOBTNtKIkjlDTKCiXjA58OyQyFPP7KWa0Khv0HCST0Wi6u9yUtqZbGEZxq7NjurUk1k8WBpqOBr9RDIpPDe2ze2RhDnCiAzH5uaC095QqrNlSczIkTdxI+RAp/5TFmFY+hYQsqNm5FO4K40I=
      lots.ex.test. 3600 IN CDS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      lots.ex.test. 3600 IN RRSIG CDS 8 3 3600 20261230054614 20261202054614 64640 ex.test. GmIPbMiLWjQhf+cNjpEcAnCsb6XOI66YyRcUyW9sRQD7Jn38M1ZU08kWAY+iUkmQlGFBc+FlWlHle4nEBqCyk40KNiECqZ45/3d4+Cf7uARwJpLP5mbR8n/JKmnwvGrIRQUx4ESo57lkQyiVeW0qp5phh7ugFSmVDFznQPkt8GXhkJt3WIeijZtvRbZCVLDvGUlU/emDa7uGOfpvXdYLMjEZMIZynXkx0qZy38TZe4+o/R4c7b/D7srUVyhddbYvMf909B7XLSBbuf0h+iif6w9PM5echV+rbg6s1WmF8y3bDaRcEvpzk2TMo7IgbJixd1yOqvGUtKeAuKU9fINU+Q==
      lots.ex.test. 3600 IN TYPE1234 \\# 2 abcd
      lots.ex.test. 3600 IN RRSIG TYPE1234 8 3 3600 20261230054614 20261202054614 18141 ex.test. stsdCwOPHrfxOc68+mFjcVqY5g+UYiKZTga4P7D39jHRVA41zSEBnpBLsbuoHfRuQyEp7E2kZjDPyyEVTArdvQwy/Pb80hdVJ6XJfUI04H5iJwbWA+OKCbMoXJ9n2//OcTismcvI6cEG8CPPR5CGG37mCW+z/pixOa3udtD1cqY=
      lots.ex.test. 3600 IN TYPE65000 \\# 0
      lots.ex.test. 3600 IN RRSIG TYPE65000 8 3 3600 20261230054614 20261202054614 18141 ex.test. NUjqiW1/Ew7hR4GxpLmMoAJXyYzcBbIMZRdElvZIHdV2rGYakdihro9L4JwBndNA7K/5rnXUv+XBefxP7p75qEdykcPHbIe6ziOZC41YF6aUahLAIuxKz/RoQcf37uIe/pwM8/G8jzEtcknwxomY7VMnvlZkq7egZD3OUInVABo=
      lots.ex.test. 300 IN NSEC mail.ex.test. A HINFO LOC NAPTR SSHFP RRSIG NSEC CDS TYPE1234 TYPE65000
      """;

  /** dnssec-signzone -3 ab -H 0, ECDSAP384SHA384 KSK and ZSK: parentheses over several lines. */
  static final String BIND_ECDSAP384_NSEC3 =
      """
      ex.test.  3600 IN SOA ns1.ex.test. hostmaster.ex.test. (
           1          ; serial
           3600       ; refresh (1 hour)
           900        ; retry (15 minutes)
           1209600    ; expire (2 weeks)
           300        ; minimum (5 minutes)
           )
         3600 RRSIG SOA 14 2 3600 (
           20270101044618 20261202044618 40941 ex.test.
           yvc1zRwrhjqADKqklB2W5Z7pkEMeebLPuYV1
           5Kudzn9fSeKrYovBG96e4W60Q9pURhoGwdcx
           hRPGu//g4K7Ipo9DYkl6WtuVPc7UgqcD6a+9
           VqKSxLmuLbhD354AedsU )
         3600 NS ns1.ex.test.
         3600 NS ns2.other.test.
         3600 RRSIG NS 14 2 3600 (
           20270101044618 20261202044618 40941 ex.test.
           8M0JI2xGs/po1jLWsjtUJP8rZYNsvgedbE2l
           7e5BH4mBjSoP5t7Aky5t6MGcG6kGZDUUeuU+
           onOY/f8CA0cCel6Z8Kx1lPwjepxSezhRJWpS
           Sw4mYof7z+S7cZvReUu+ )
         3600 MX 10 mail.ex.test.
         3600 RRSIG MX 14 2 3600 (
           20270101044618 20261202044618 40941 ex.test.
           EdpCaGNOxXQo/teI1Ogsd9h+HPE/VStRbUGv
           A5P6eBRR/cw6mgwE2gFkN1xOCr5GrdhAj3mK
           V7AGgqp9YkHGlI5gjAYtiS1cWB5jTg++JyW4
           3cjI/oiO7HF+xzmLjLtk )
         3600 DNSKEY 256 3 14 (
           2xCg79UKSigD73y9nstps8ehu1/WGbbAyNjT
           +5OOQ2/MMbLYNmliYdCeo8Q/fsy13yCMUVxE
           +rwGXja6m2LOmDyN6MdT+8aYSMkrXMplT6QF
           1nf/qz0u3+TjpYMhlB/X
           ) ; ZSK; alg = ECDSAP384SHA384 ; key id = 40941
         3600 DNSKEY 257 3 14 (
           zauj8wVg1CMbzSQSnCJdnBxqtASXbRBJWYuu
           GFT5hiQEGb8T2WgTIJJq1aKXX/fIk0DRc6P5
           ROf5QcQ0CayRsXXWYFc5JiVRek3Q9iY+gPgp
           tNy8D7TukNj+AYrR1ys8
           ) ; KSK; alg = ECDSAP384SHA384 ; key id = 13440
         3600 RRSIG DNSKEY 14 2 3600 (
           20270101044618 20261202044618 13440 ex.test.
           FsVoXuZ4cU/xfuiIM+jumjLU+6L2uE3iinPj
           rHR6aMKTPMii0SaoxxTjYKu/SpHdp9qCzY1q
           7AqCPZVEehcemqfTDbiz6Ue15j1zA/tdSaNg
           u0WmUKgS1oZ7zzIaACbz )
         3600 RRSIG DNSKEY 14 2 3600 (
           20270101044618 20261202044618 40941 ex.test.
           OzPMFn3ECRG+xjt1Yeqq6MnqlhUH3nZoaOF9
           +4Mnc1Xb7muZpeheAExxzDm6yZh8GsQZ8lB1
           8CfRogSXI8e6ktBGEDgh4dECSvqEP5K5MbDs
           R5dVdqRkAb4gFwkPaco5 )
         0 NSEC3PARAM 1 0 0 AB
         0 RRSIG NSEC3PARAM 14 2 0 (
           20270101044618 20261202044618 40941 ex.test.
           DdSFlvguHdjxsEW0C+qFHRaixqPehzjYCpqW
           qSup2sL1ekYPqpiZrFKsqczftrxxY9x+sH4F
           xHf2gyvImkJkI7FylKEdize0DsjQVLzZfnnG
           NXfyZIIe4YCJhYCaOl5A )
      _sip._tcp.ex.test. 3600 IN SRV 1 2 5060 www.ex.test.
         3600 RRSIG SRV 14 4 3600 (
           20270101044618 20261202044618 40941 ex.test.
           rhcSpOD5CbXrL6+S7F+k16yUvJzleBuOCrmp
           LagEWk0/NozkwuZPdOwGaY+LmGGz/iPjc3Re
           w2M/RmxDmQPBbwtMO92HoZwWTDDGw+msz7IB
           nDm6hVH7b+1rxdz1Zi71 )
      caa.ex.test.  3600 IN CAA 0 issue "ca.test"
         3600 RRSIG CAA 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           58Roj6MtsWNwy+Ef/vhaPWVzYveCw9BY0Us2
           T/GIHNrXRYk84kw/0bsDgi5drca4igkIRhaL
           TsWpLtHVG5Xx32q8MOTwoJONL8GjGoL6sdTa
           W9sCmNZ3MtdUGiaG83e3 )
      deleg.ex.test.  3600 IN NS ns.elsewhere.test.
      mail.ex.test.  3600 IN A 192.0.2.2
         3600 RRSIG A 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           hH0hAcqRCexNVm5fyPemOTZKNwmBFxNsy43Z
           1EfLoRkNfS5YRWFagAlif/hvXmiO8CVQYb0i
           XZdWouqDQFRB/DLJ6boMeXCZ3xpB9oXoUExg
           DcrY80uLqM/7dkOVwcVY )
         3600 AAAA 2001:db8::2
         3600 RRSIG AAAA 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           WXNtaDfUgmZA9N41KkwtUbmz/dQFwk+i5+Pt
           BBTCqWV3nTut0mDvtq7psZOTjQUtiipUpfrb
           F6d0v93trNxN1qVkMKKU/us7K6W95TbcBI6u
           wIZxu0XWmZALway5mRyw )
      ptr.ex.test.  3600 IN PTR www.ex.test.
         3600 RRSIG PTR 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           sg3GUQxDNOYaZf4OcJ0ogn7ePpG/w0NHn/do
           UaEV9K+Su/WxjhDOxdnTlipg7254LHuYZIVD
           T+48uV4gmfl9VRBmtZb08VlbFbgiKmWiEDr6
           bGBOgAWTVEK04SHCuisr )
      ns.sub.ex.test.  3600 IN A 192.0.2.5
      sub.ex.test.  3600 IN NS ns.sub.ex.test.
         3600 DS 12345 13 2 (
           0123456789ABCDEF0123456789ABCDEF0123
           456789ABCDEF0123456789ABCDEF )
         3600 RRSIG DS 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           5pWuPaIFoclmWa9i9dnQnSo7v4xJeLpenQzv
           jwceut2VkshOwVibEbX+6Eps1gFKCoOmRNvf
           dCMfXpe2iGEUn3VCOpWnPFKqCQ+Z2NlGtlxG
           FNRXLKzjHBBWaYJGOSoo )
      lots.ex.test.  3600 IN A 192.0.2.9
         3600 RRSIG A 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           3dOzFljfcVAcXm+WGoXOF3yVOSQ9mIfRFmnf
           TM9DFETkvFMmfFVX+0Okpef5sc4QGv9ZV1W5
           4S1x6fW8A+ti0fNx8aB4Uja02jV0dYhbnUeq
           MPJ+NZQ0iNXLe1iskhA4 )
         3600 HINFO "x" "y"
         3600 RRSIG HINFO 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           9/tyVHd9ujTUKhABxaWyAJZ3SBsxp1nd43nl
           wE7kw6g0vo+zgz45OgTq8mq9mTLQRYT6f7kS
           ZzC56kzcldxkDEdC2uTVPuu8kYnpxbWuzCGK
           xli4/q+vniozEbQ+hg/D )
         3600 LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
         3600 RRSIG LOC 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           UdX33e8vJjY/HEQjPanuFZ2FCH/dcfTn3dWj
           hXRgeaHHkjHMOhf/qo5rpRqxapFo3Dj9OIQX
           n01pqJc7Op+beivJTQ6doUgFFZPKLoD4sh0G
           eJuKlUQizfcgJz2uEIzt )
         3600 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@b!" .
         3600 RRSIG NAPTR 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           4EsEsh9Wfmat/PEklHdORhwHEouD1LaqxPBL
           BgGUyhqpIW39QMuJFAuRD8iVxhTb7hFpOwxO
           7bMWnTDIlFnwrJcsVPAHrwXqFkCKYeD11kkH
           Wl6hqGL29BRX1C/bfTzM )
         3600 SSHFP 1 1 (
           0123456789ABCDEF0123456789ABCDEF0123
           4567 )
         3600 RRSIG SSHFP 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           f4uH2TCjbfKXbYNfA53X15Ci8hmAHDT6NDU4
           yuwzjCKIoQTAkItGrB+jn2DJtS5c/Rxa1WwS
           +7bXffkR0KPQUQYdSVFtOseYlhnL2lwp6QFb
           xDcbgDIYPZ1NQuQiIQo7 )
         3600 CDS 12345 13 2 (
           0123456789ABCDEF0123456789ABCDEF0123
           456789ABCDEF0123456789ABCDEF )
         3600 RRSIG CDS 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           uQPpyYSsNeoSS5uL7dhUGylxTGMavqEfVpBQ
           YIOd07WCsLYGJ3v5RtXLZzCbHRHezZGZU1t0
           6jT6f0OWSTqyTbmw3XgVe2OW6YcwZlgHKJwZ
           5oXRCOFVvZZhcEve4iJf )
         3600 TYPE1234 \\# 2 ( ABCD )
         3600 RRSIG TYPE1234 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           jiLliz1yX0rUPOAOJGl7sjesuQLlw/l59xE7
           Bs0rcddDek5P2Q+XD7n1tuipdAlx52EqGvLr
           ZF2O5nbTYiTQVkZP7/fxPU3FN3G4mnW/TX2+
           igj1vvcCOiSz5fTw5myt )
         3600 TYPE65000 \\# 0
         3600 RRSIG TYPE65000 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           ezJuItQh9lXRyeevVuTh9JDveRO4G78KYBvV
           gZXu7KrvFBCgi2NmXEcJ1Waj+9We+IX1jVeN
           HFVWn1aOjKk9QFXc4G4+HGJFy1WqBvdim/yl
           YgepL/kKGFOzrIo823gY )
      ns1.ex.test.  3600 IN A 192.0.2.1
         3600 RRSIG A 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           HpIRKJi2BPy2dFmKzD1ycXpj1KV5YdDWunLk
           QfeviV5beCHQvBkhAN61ufM4dPigtkRoqcDV
           kSw5ty+5TzhRYP+nDaDgCSzMKqZ+dUGBZKbA
           S5fXxqS8erSeAQqwzmaY )
      *.wild.ex.test.  3600 IN A 192.0.2.4
         3600 RRSIG A 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           nD/VqdwJ+KCq6UUjzn9wDp//4RtObhCSvrqb
           sJ8HwRomWiOnSarpZtRYIgRVTJvLHUOlqM7R
           +Wlm9v6m9IXmrvnIZF2rZzlutmnnWjsthpRY
           R6RZ+kcJ18uE/F627zKk )
      3QEQJQ5P7V896EBVN06A39AU5SB0VENG.ex.test. 300 IN NSEC3 1 0 0 AB (
           45198CK9L4QI9MBVKS4N7EQ8ILCBEL3M
           A AAAA RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           Jprx8ubhyDl48WTMpIN6E3dhSMdkX71QTVzt
           V1sqCVPn/eH6uLr6HzrFyZn5ZTowPhPIhEix
           N7/Q8EBR0g7PAvaPNdnRsNLwsDeHMB8VLtIq
           TvKZ4SYonLuEEUv2Mf8N )
      2NQC2NP52K7IGM5FTU08IH5AB8OD9ATV.ex.test. 300 IN NSEC3 1 0 0 AB (
           3QEQJQ5P7V896EBVN06A39AU5SB0VENG
           PTR RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           kMBqgoZj1d1qB1A2m4rDrFKEjUd6/IsBhvnB
           W0zgwPfC80QpxEgl9L0+1aYa3TEbECA1JJ6/
           1m3FzRfG4iECN23lCD/rZH/uE91iwi5Ah8+V
           qUkQAsiNG/jHW9azO034 )
      www.ex.test.  3600 IN A 192.0.2.3
         3600 RRSIG A 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           rsCqrn+HMKjhfl+h6z7fjnTUfrqk9zev/u4i
           nJB1M6Mk+bC+qkob7uXDB8ixD0xm8kF4m0Ql
           GxbqbE/CODa0aFqZIZFlH1AeHx7+9uPMbOvE
           2mcrbtgvthsCzsUi4N90 )
         3600 TXT "hello world"
         3600 RRSIG TXT 14 3 3600 (
           20270101044618 20261202044618 40941 ex.test.
           PEysUR1cvLT06W2PrIy08LxLuq26MnzTP6eS
           q4sqqxSU//i+CAlRX/l7UPBQL27Ev7x2fARM
           PSjNEGxJEmc8Suu9oIfnfYwSk4kJKU75j6NJ
           Tgeb5Smz/eK86N7l/iWP )
      45198CK9L4QI9MBVKS4N7EQ8ILCBEL3M.ex.test. 300 IN NSEC3 1 0 0 AB (
           D54M8SRNTTK28F87TM8RTGV4U8F50DSO
           NS SOA MX RRSIG DNSKEY NSEC3PARAM )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           Za1ZcGkivFCzcb4Q+9Rd4sBBQ/kmNFfQeBSN
           MR1HqtkqKSYe2aDqizflLt8bbay93DZFnu7o
           nOuOKU3mq5R2vtRkcyVBkkHwp7BrwWx0UNGP
           m4/FWswh4cREIZnoDTNr )
      F5A309F1B9QMG5P454IGC2JOV74HB926.ex.test. 300 IN NSEC3 1 0 0 AB (
           FLQ3IFJ6FOPU9QU9FCJMARJ41RVH9AHP )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           2puuvV9JiPaypbzi/R7vWa/ArqYLEpWFeb9S
           CYoOyHKbXawhQAI+EgDtU7hyLqTjfjjukXRU
           wqF56c8ESMVM3gEUM53eT7URNtkcP6lShzc8
           9xxKPb839DEySO/6lO2R )
      D54M8SRNTTK28F87TM8RTGV4U8F50DSO.ex.test. 300 IN NSEC3 1 0 0 AB (
           F5A309F1B9QMG5P454IGC2JOV74HB926
           A RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           MB/OwCjRaV7O1Cgjp3vXJ3SLv7qT6uEeTvlt
           xZgVmqCRmhL4++/UeuTwETxH7onLMUY8Wduz
           oE4rl4shZU6CXXtgK/X6PK1Tl0yTjWjCDe/U
           Jf4wk+JZrr7Hp8TyBYV0 )
      FLQ3IFJ6FOPU9QU9FCJMARJ41RVH9AHP.ex.test. 300 IN NSEC3 1 0 0 AB (
           GBAB82C6TN5O11G23783L90LSHO811BG
           RRSIG
           CAA )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           6OgTTP+AqzlBeUEiaBXC3MkkBgnSBUGfc/ZL
           UJgos32K1pDP0FdeXgfDx8WdLU84MbasJh1g
           Q16wYVmka8dISz49+vB2ZiZbeDhuYTYYL5Ow
           anCb1kbxiqwDc7Xg8rvZ )
      GBAB82C6TN5O11G23783L90LSHO811BG.ex.test. 300 IN NSEC3 1 0 0 AB (
           GJ3DEQC5IN6P2O19A34E4SF3SRS6KPV0
           NS )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           vw1PWTxLKXWmHckw3PL71I11gMaZxrBKp9Kz
           9wZcqtJAqIjghBEVIuOfqletUprduTIIEeVW
           XV8ElZDeWSH3Zp+56nVch6eZc2xjlJErSys7
           si67YJVQK05ieHHXokCm )
      GJ3DEQC5IN6P2O19A34E4SF3SRS6KPV0.ex.test. 300 IN NSEC3 1 0 0 AB (
           HLSL3OQGHMAE1SC19THDREF1H964BMTR
           NS DS RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           M6ysY18XcCWy8CqZqzXl68cVrQeB6nCA/5Aw
           qWTLxnQgylMbXmFGatwhCGJRYpeORdDutbaK
           exH7odXj+CEaE5itkTK0VJdlzx/G5BaZfo3m
           bi2daTzf00xa5GU8tszR )
      HLSL3OQGHMAE1SC19THDREF1H964BMTR.ex.test. 300 IN NSEC3 1 0 0 AB (
           PSMSSQBP9KQLDLE0P4RKELV1Q6L6IE51 )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           dQQFjgILOltkdIjEeLSrHqaDRbzuugcQ92UM
           mGj5GXct13yCOO0BFWEEWYFOtf32VBkFYb7r
           lKIIwZwhiBIB1rW0KqM/+07xxYR/4D4bcUYB
           w1eb3HyGlGCDNcwAyt7v )
      PSMSSQBP9KQLDLE0P4RKELV1Q6L6IE51.ex.test. 300 IN NSEC3 1 0 0 AB (
           QAURKTJR99SCGKN78KV1B9P3ECIF813U
           A HINFO LOC NAPTR SSHFP RRSIG CDS
           TYPE1234
           TYPE65000 )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           gW4/+G9YPpZLNzTuzRTIPvG0XO5L3jAOR+l0
           LLEdvntdTZc0YBHJ68BgzhYpWSBhEDcQKb0Q
           74rYL2lAsOa+CwLvyvsfAHI8ttS3eX9mHt64
           eLqmnlt5jiNi2AuEB1Rn )
      UFPFE88AL22MQR4NFS7E3ACM5SUL4LJK.ex.test. 300 IN NSEC3 1 0 0 AB (
           2NQC2NP52K7IGM5FTU08IH5AB8OD9ATV
           A TXT RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           sQEn4F7foqkHaUgtB+MtyKsoFhBXtuUtKsOM
           WXCOAAJepDorsJvQXvifZJQBa1oEjoqCiJZN
           0zicVS5YABc0LJzQF15fh/Klqk37ZZwg6zxl
           o59KKpPrJVGF0f58t7Ag )
      QAURKTJR99SCGKN78KV1B9P3ECIF813U.ex.test. 300 IN NSEC3 1 0 0 AB (
           TACBPVLPOS5R19HG2FU1FMBA40COVQCM
           A RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           6J4o5dySEUu6+PXeLwAFxBX2RDpmgjqsM/xJ
           NgoUS+B/9Vhr4QLQ5zHs23My4Ac5+suNiKIT
           49JIcSySsvU4jvuiVQ3CJGj2h+iByxHkDQ1e
           rAWNdxaglgT8R95mTdpd )
      TACBPVLPOS5R19HG2FU1FMBA40COVQCM.ex.test. 300 IN NSEC3 1 0 0 AB (
           UFPFE88AL22MQR4NFS7E3ACM5SUL4LJK
           SRV RRSIG )
         300 RRSIG NSEC3 14 3 300 (
           20270101044618 20261202044618 40941 ex.test.
           20ZAceD64zS3K3oRDVfBLtg4fK7FI8jwH17B
           dKEoJRgY6Qa8gj8vuSNDIJv0iOYOJyrORqgj
           5JFMAxt6H2DztPQg+NnZuH4OHMZYq1pB4HNK
           Mt+4YsQd8nwL5zFIwyQB )

      """;

  /** dnssec-signzone -z, RSASHA512 2048-bit key: NSEC, multi-line. */
  static final String BIND_RSASHA512_NSEC =
      """
      ex.test.  3600 IN SOA ns1.ex.test. hostmaster.ex.test. (
           1          ; serial
           3600       ; refresh (1 hour)
           900        ; retry (15 minutes)
           1209600    ; expire (2 weeks)
           300        ; minimum (5 minutes)
           )
         3600 RRSIG SOA 10 2 3600 (
           20270101044619 20261202044619 19407 ex.test.
           kgFm+uixN3Em7OxNu0z22kECOwTyhQcCzk6y
           +YR61OoZKzxSop4w5BU+haJiv+rCA4e6T3rD
           VWoB0im0/XqbB13v+3kr6ZPCxkAmz5NXYqgU
           QARVGUBLzDSAba/Sko5KJfs+iB22yymFMD1f
           uftugf8LBwkSSSu99yQVrFVfB9JnnWx4U3yg
           dtMr4k2F7o4Ma5wLEQU6Q+hg47TPkx2N/rnI
           HBfZsQDkuVjHxs9ajpzkitY97Jk+vdrqFHYj
           v5oJ7H8KC/uYvlaaBH5cL2O6Od9qHiu7ppaL
           DeeIV7g/T9Luu6edz+e2LfFMBwUujE1qwW94
           ULlL3vefAForejvuZQ== )
         3600 NS ns1.ex.test.
         3600 NS ns2.other.test.
         3600 RRSIG NS 10 2 3600 (
           20270101044619 20261202044619 19407 ex.test.
           IwMzq/YgikgTLQ1EBBJaUNew913yIn4ySPEl
           C2TEuXskeXwPzxR3jb+XIFdGGbXHzc8jmmN1
           Y/SqXlYl43xXLoDUDaGrEcP6sHgIbOyYrv9Y
           yNW5Qxy1JbBtyez5rjYEZd3+oksXLv3xuQkE
           6jLUVICvTBi3Mk0jUY68Qoh1gA1vwXLiWsAU
           R6fcBryQD8q6neVE1BqrPHrq5RIBtSq/BoKT
           ZCZU6G6Ps/zWQJR9Az+7ngRnOWSnmKKcUt2Z
           QHaL6Gmi+II4c7ZyRVCMrcipYCjHckMMPdXo
           9L0tspGFgq/1lPg92piZJxT2ynkW9eLZljdu
           id34GJ9s/7I1e9qfLA== )
         3600 MX 10 mail.ex.test.
         3600 RRSIG MX 10 2 3600 (
           20270101044619 20261202044619 19407 ex.test.
           q9jAeJ4NKteirlxaqJiMKSVrf++XQwEtPS+X
           i0xznwx/wmbLX9v3yJMAahklo0mLRxpZ4QXb
           3IxgbZv6NfG7GuBh6LCg5RHPCBuGcLtFuqhm
           lHqedvarEsnu6KcSjU2bH7NCy5f39Tmpda/g
           Z5B6GE2RmnetSO4xCYgNi8Tr/kS8GVrIT1Z1
           X4yfqoi0P7xHUORLSFd7NBMepiaYbMrhP0tp
           pr/qoLVpVjX/c1lQtAc3Ld0scDwkMn6LxgXp
           C6p2HgVSPNuzV5YLe+pcT+k+lKNACXTCVYqO
           +aTzAPwBhUJzSAYK4/roSkhY4xbWJ4UVEKf8
           QgbG/Uptaswbxmaffg== )
         300 NSEC _sip._tcp.ex.test. NS SOA MX RRSIG NSEC DNSKEY
         300 RRSIG NSEC 10 2 300 (
           20270101044619 20261202044619 19407 ex.test.
           cRzw9J3WlfLr5rRCfdKeJ0OmithAwvQGyqIB
           9eQVvs1zGAPwGJJWZrMruwkLxHLOLOk7XKAX
           xfJoGMp9U9uNfYQ5C0+7/+zvu1J10R2QiUfo
           VGg/+9Y8v7lpOxPoudZpLvdOxN3vxvdu/OVp
           8sgrsaK7ghiR3pfeHHl3HPFromUZuyEtx3qY
           +ud+dr4Z3yEZtWV4HlOY0teW5NpmfRylRCGe
           p3ebbYBIzwZBa47haxEmDVHK+aOUOW+z73FI
           i5fMwJ2NGSy28dSeEgev74RPFiTDn5ZxyxaM
           t+5mfMA/yaEqIE07RyDzscT2UwrtVBfwGA8B
           DDgf9OU0PYRqlQjoZQ== )
         3600 DNSKEY 256 3 10 (
           AwEAAbXNWBi1vwTU53XCUJAXwZdCtHqYfmae
           3xxD3rWcbKXCLwofqGLVxgt36LGuWi81Vb/Q
           eJBthKCkZZLEnPWj3lmH9F8z5PA2kx9okVHJ
           OJ6Sbvwp0DQHxN9LWJ+YTFke8nxmtw3QkyyM
           a3fr08gPDlz90MqRpfpuggljCn144jiTMfp+
           uyeyMYgJCgaQMb4SZZvOZqeM2WAY99WCTIeZ
           16hqxLZuvAEMPQasJWDzVI91qKJv6cJJeqV4
           5lsheYFNyVBjOyT0go7jcO8QS1R2KLT3Xyvk
           MHnoWTOdAjkDKgragK5YqWvgd0LogKSY+QtB
           PGH2jcqDx/7C5aSnT2D2zyc=
           ) ; ZSK; alg = RSASHA512 ; key id = 19407
         3600 RRSIG DNSKEY 10 2 3600 (
           20270101044619 20261202044619 19407 ex.test.
           JSWxIggAavTTZPISxl/yKI3hrPZWbthAWjkn
           m7RSSXXMm8f1yjT3+VWHhFsj9IC1CyrWc7/K
           rIw1iJO+MXGjKwLxasKN/vevrWhj/ioNB6EG
           IFGHRanb8Pf61yECarWlQookGq+1ufR3Gv/z
           5X/c+nnmAyUTdgMOBgGYmXgtLg3gauvyhVNJ
           MssYhb8dKoHIGg/2jzqQj6yEVywQTSTiL1Dx
           pMtv4MjsYUfkeA7Ikq3Ft/STduUY1NCGGjTC
           C0vvuzc427gJIL3QjDjul5VMEop6fwxkSSdi
           Ztzd8ss6LhlXA+R9KmjJNQxlihUilz9Mp2UT
           nsqDC0DK5IO+Vs+0Kw== )
      caa.ex.test.  300 IN NSEC deleg.ex.test. RRSIG NSEC CAA
         300 RRSIG NSEC 10 3 300 (
           20270101044619 20261202044619 19407 ex.test.
           g8+6u5R4DOkbRTxd8ouHVPPrN+yxAmXMFfr1
           a9xFD8BjwYzyoTooraBh11F+ef+hKsUTYb+W
           OZmHVDuFngnJ3bE2r0CduKfrLsLfSVQfOOCq
           LcrCClgtZxvdLTKPZGXN71xNMrz7N4Y9Mxmw
           Qz2dWsKLLGGpHT3ewtE9/ylZXN9zOVmyqGM0
           ZFl+ICQlhXsyIYitt9p6Ql6BqOP9920P//jQ
           nZCR++okiv8CU2VYspgnDJuCC7HBc6mNGZg6
           QgwwN273DJLnePB71fop/hMxteKoZsdN9vNP
           UGaPu/+6wEzq1r/KiS6Jk3HomtEoyAciA2ps
           dz21g+CDWXLgdSuVNw== )
         3600 CAA 0 issue "ca.test"
         3600 RRSIG CAA 10 3 3600 (
           20270101044619 20261202044619 19407 ex.test.
           M+V6uqWrVYvSjHItXQ2Z2CGloUkYkoHvzWMT
           YC+QScr3O0JP22lnv+y48yqDwBrjCcTDg0T0
           lbHhm+4jd29TQdO8pSoYr9aNL2gNddONdlA4
           jUIYza5svbkytNWwIQM8kTO0Tbb996WzE3zX
           GzhOiIOBaNZQHFe5vY1OSIJv/t4l4dK1vuIU
           0zqpzuiCWXIUeGixbCW652DUrYayJ2pdY29x
           HykF2VynzBIgkXW98nbQ3+Grrtc/Oyq6Lyfd
           uUq1+dUOOYkPTYyWcsH91W/6S0AlJDThn6XZ
           Ezt3z/gRrnbmBWTAcDt5oilZZq33pHvhjrxG
           nImQ59Kp03hzY0c0jw== )
      _sip._tcp.ex.test. 3600 IN SRV 1 2 5060 www.ex.test.
         3600 RRSIG SRV 10 4 3600 (
           20270101044619 20261202044619 19407 ex.test.
           cf2dF0IbQSh+4HWCDjPGCVUAj0se7ieeZ01C
           44UMaUT82UDJK2FtB4Tsc6obWuDGQKTk0N5q
           EqgqFxi4NT+tIk5cay1bfS/aqhLW1O+z4X9p
           GYC0YgV+V2U1i/4Ci7mwoLyJntQ0oSgkJMKz
           kl6pQec4JvSKLOSHYH4fe7r/6kFxZrNGj1rA
           gt4jNt1qXXz4PZNyRCCwzEFVVWa5EV6tHGwf
           ARex1upgzW+Hxd0lkG32njWiONLVWxGNEiFu
           3hzhEWwM+Aafy3Dc7bBYezrNLwb4gRsQTVGP
           W0NH5Encz3hCp5fq8JZVti3hHnWv5aCQvp9T
           3rB3+QyHe6VCdCn+zQ== )
         300 NSEC caa.ex.test. SRV RRSIG NSEC
         300 RRSIG NSEC 10 4 300 (
           20270101044619 20261202044619 19407 ex.test.
           izURDKcgWw3TWN2QbFK5ubrmSn3PQlZlcCNo
           6OfE+pMXzqTMVzJO9mDWb1rm6fFGJCZA33/E
           ZZmXqZgPk3M+rahlNTeoD+3rArrvHJTBuFrq
           cXhTzn4NCPW2qbPf8VSvPoLXIHM4Dq9/LsZ5
           r21ty/l07Mo7juvduX4S83y6ewgfz247Nzxe
           LTQgl8D85ho262yo6crZAFhLqS5zzd7CqAvJ
           ZJNDVH8r2Ssei7IzJ6F6n6b6UNnE7lentGyM
           /jkL5K4tvzejOAkUYkvgpO0bt8sdOvccgXg/
           38M/LzujjiVl5j+ciUhC91y5FBvNCGQvNBCK
           H3y8YciRsfGIKinxZg== )
      deleg.ex.test.  3600 IN NS ns.elsewhere.test.
         300 NSEC lots.ex.test. NS RRSIG NSEC
         300 RRSIG NSEC 10 3 300 (
           20270101044619 20261202044619 19407 ex.test.
           LZG3bdr68Eb3o+LOsD/tLlz4bRlFG0ZQOeu6
           SQnkKdPL0dl7qFFWBGYIpHvTxJFgwr3Teg2j
           +2DPbZTCuCwu40xvZHsFOcTxchppY4jSx9c7
           X+WE3leOvxjH7clgQj2BC4WJ9pl92gSttNdX
           kcoSU9rQ3jQR8rONaB+ns5SzMKihF3cw57l6
           s/a8tsqub/oo9XnLDjmMo7xIXe68CSqGfIAW
           7m/Y5y4UAAfy/cg/8OqWFplgsja2g2WJfBaz
           b8Elgb0JqqJHqu2OoQrTz2UhyiGZEjo6EWZI
           rKShKcdkrDXvUc8OF2euJJbNF23ok38O4dBJ
           XuoJlS+uB63JbYVHnw== )
      lots.ex.test.  3600 IN A 192.0.2.9
      """;

  /**
   * ldns-signzone, ECDSAP256SHA256, NSEC3 salt aabbccdd (the start of the 100k-name benchmark
   * zone).
   */
  static final String LDNS_ECDSAP256_NSEC3 =
      """
      signed.test. 3600 IN SOA ns1.signed.test. hostmaster.signed.test. 2024010101 3600 900 1209600 300
      signed.test. 3600 IN RRSIG SOA 13 2 3600 20280106045433 20261201045433 47927 signed.test. mCfDDFFhga+BX7cjoL8R9H3NHpegff5tmZyPocDEJ+4+a5caHf6dO+VxjZOpwp5rVtSjWWlm1DQIBndaxl+feg==
      signed.test. 3600 IN A 192.0.2.1
      signed.test. 3600 IN RRSIG A 13 2 3600 20280106045433 20261201045433 47927 signed.test. Bpb0ixxPFF5PI+qfnSsh1mH0i0tF5hXMK/HIZWcXx0u4mimnq1F/+JaxKHuLDp6Es9X8KUwmpewPzg/gZh1yNg==
      signed.test. 3600 IN NS ns1.signed.test.
      signed.test. 3600 IN NS ns2.signed.test.
      signed.test. 3600 IN RRSIG NS 13 2 3600 20280106045433 20261201045433 47927 signed.test. FlzPeYN0ZkQ3t0d3wk6en+pHdTX1uu3ZEpDGt96ZJWyIYUOJiB3fm2wmyzNErZXa/zQ9pxy3rwdBGPOp+DF0/w==
      signed.test. 3600 IN MX 10 mail.signed.test.
      signed.test. 3600 IN RRSIG MX 13 2 3600 20280106045433 20261201045433 47927 signed.test. bsMVbyEQa0HGqW3whGZnruY9Nf1ASd0W71sYVbu1L/WYvsyLC3tBx5VWeuXkvHOtf2WlhTn0PguvIi6KYN5SbQ==
      signed.test. 3600 IN TXT "v=spf1 mx -all"
      signed.test. 3600 IN RRSIG TXT 13 2 3600 20280106045433 20261201045433 47927 signed.test. coUFEhV3fxqywpJKf1HxDqthr5Y8iIqgTdL7/0jCnsjXvyG+N2lLB9HTJGet7He3FMQsYyscrHVDZyRyElo6/g==
      signed.test. 3600 IN DNSKEY 256 3 13 9HcdDrHTBZlKOcUAJhIt5Ps1rHpQwc3DzHyscivP2Y/WoHBGOo4+bHrN7ZoFHIrzPEzJMPhJa/wLtrs+lM3Iow== ;{id = 47927 (zsk), size = 256b}
      signed.test. 3600 IN DNSKEY 257 3 13 xGyEKJRP3EV68670yyKUUCg99tTREen8yPFXiH7kl/FxxQ+QCankvt0EH5JxzTH5eznY1MDXDjCDYbyzg6yo5w== ;{id = 63455 (ksk), size = 256b}
      signed.test. 3600 IN RRSIG DNSKEY 13 2 3600 20280106045433 20261201045433 63455 signed.test. lrrV2xzIl6qmCm5j5a4nqh4hbkTI9rKeuqpxlOyQ3i1jfemH4MtME7SZyBAiDz79XbdQkMMBvO0qMoM3Hv4AAA==
      signed.test. 3600 IN NSEC3PARAM 1 0 0 aabbccdd
      signed.test. 3600 IN RRSIG NSEC3PARAM 13 2 3600 20280106045433 20261201045433 47927 signed.test. YSf8spCbVw+UIReB5lN5b0R9d6LIe+hf8zygwFDDQuZEj7OeNk5ky2da8XhTgkOUWSApjVcDqk9YATT3M6cv4w==
      lnu59rgtr5a135mbhnf920bqlhakp56t.signed.test. 300 IN NSEC3 1 0 0 aabbccdd  lnuphg186lgmhunv8lhshogro2pnr77f A NS SOA MX TXT RRSIG DNSKEY NSEC3PARAM
      lnu59rgtr5a135mbhnf920bqlhakp56t.signed.test. 300 IN RRSIG NSEC3 13 3 300 20280106045433 20261201045433 47927 signed.test. 16l7m1iCHifQr8jasFkAqSrMdFQNiEJ4EA/JpqeXjWAtSrzc5IO9XhP8++ZOGbMCTHRjW6iJJIZiOtDk5D7rsg==
      d000050.signed.test. 3600 IN NS ns.d000050.signed.test.
      d000050.signed.test. 3600 IN DS 2734 13 2 d06fd996c1f059408995dfa5911d4a9b546a6a2d6e08e3be6ea9d7790d0ab98b
      d000050.signed.test. 3600 IN RRSIG DS 13 3 3600 20280106045433 20261201045433 47927 signed.test. CuzUXFqi+qXTvWdx60S1L+MJFLwABtpTI/7iol/FDyvMgzKVV2auC/ed78CDR6qS8U6UD7emSGNr7I5BYirKjA==
      0vioo3anpc6oj8u0abrcaqh5muctgsgs.signed.test. 300 IN NSEC3 1 0 0 aabbccdd  0vkogfnp7rs05drrt2gvrl225h85m9qp NS DS RRSIG
      0vioo3anpc6oj8u0abrcaqh5muctgsgs.signed.test. 300 IN RRSIG NSEC3 13 3 300 20280106045433 20261201045433 47927 signed.test. F7w+isYC1T1PbuzIotKLjx4tEONZxgpzMzDvvFR7hdlB+8XQQdVy2zrzNYhfvUehTDbFPY2kOf6aLU+ryDUDNg==
      ns.d000050.signed.test. 3600 IN A 192.0.2.51
      d000150.signed.test. 3600 IN NS ns.d000150.signed.test.
      mrpiel7krof0l7msb8fskm442q7tm0cu.signed.test. 300 IN NSEC3 1 0 0 aabbccdd  mrpvp9u8gggcoilbal0mfan30t7k3v2s NS
      mrpiel7krof0l7msb8fskm442q7tm0cu.signed.test. 300 IN RRSIG NSEC3 13 3 300 20280106045433 20261201045433 47927 signed.test. syLBH4Nkr7ETjKS5CAAf5dj1/rOEB9BaS3kiMY0VTYJT3sMXw4VFVb/pbJnEPb+P1MHZVUs5ORqP1C1//CXLgg==
      ns.d000150.signed.test. 3600 IN A 192.0.2.151
      d000250.signed.test. 3600 IN NS ns.d000250.signed.test.
      d000250.signed.test. 3600 IN DS 13670 13 2 c33052238138ebbca5387dcc9b445410c87395f768b889faff2dc0897e598438
      d000250.signed.test. 3600 IN RRSIG DS 13 3 3600 20280106045433 20261201045433 47927 signed.test. +TyIsA/act9CJUo7NmUwiN8BKmyapV0IMLcZ2XNO523jAjIGEKRa6dSNeXiEkOJE25uaZOUDLMKuqVRLtKoWng==
      7e88s9ot7rhvonns3p4a3752f32qt43a.signed.test. 300 IN NSEC3 1 0 0 aabbccdd  7e9eh9q13r9r6ngp3haoqosigebtn3l9 NS DS RRSIG
      7e88s9ot7rhvonns3p4a3752f32qt43a.signed.test. 300 IN RRSIG NSEC3 13 3 300 20280106045433 20261201045433 47927 signed.test. t8byRh3vfVL2JTliytrieA2iyqpA5AZ7yjdlJA7iK3bRBSgKGbTMfUGTPBI6m0k/iI2G5zFLQ3Yhj1tv8R2gKQ==
      ns.d000250.signed.test. 3600 IN A 192.0.2.1
      d000350.signed.test. 3600 IN NS ns.d000350.signed.test.
      d20hpfoeq75pq0mni9fc7ph86dbt9o2j.signed.test. 300 IN NSEC3 1 0 0 aabbccdd  d20io3vqp2d44t9kqh3f68r31gj2t175 NS
      d20hpfoeq75pq0mni9fc7ph86dbt9o2j.signed.test. 300 IN RRSIG NSEC3 13 3 300 20280106045433 20261201045433 47927 signed.test. 80s6VvZFqRviXTU4+7HINc3jva8MRldJr8YX3eEZpXDBuG5ftTLHP6coJvYwhV5mZentOQkM+OI3DBX37476+A==
      ns.d000350.signed.test. 3600 IN A 192.0.2.101
      d000450.signed.test. 3600 IN NS ns.d000450.signed.test.
      d000450.signed.test. 3600 IN DS 24606 13 2 f2274f4093f81628cd5a9a7a02c7f82050bf6974b23fc56bdd2223c6f55f320c
      """;
}
