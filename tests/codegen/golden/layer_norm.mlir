// ---- kernel0: r1:cccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  %bp3 = llvm.getelementptr %bufs[3] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr3 = llvm.load %bp3 : !llvm.ptr -> !llvm.ptr
  %v10 = llvm.getelementptr %geo[10] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride3 = llvm.load %v10 : !llvm.ptr -> i64
  %v11 = llvm.getelementptr %geo[11] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride3_0 = llvm.load %v11 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %tb3 = arith.muli %tstart, %istride3 : i64
    %ob3_0 = arith.muli %i0, %ostride3_0 : i64
    %base3_0 = arith.addi %tb3, %ob3_0 : i64
    %base3 = arith.addi %base3_0, %c0 : i64
    %ntb0 = arith.muli %ntstart, %istride0 : i64
    %nob0_0 = arith.muli %ni0, %ostride0_0 : i64
    %nbase0_0 = arith.addi %ntb0, %nob0_0 : i64
    %nbase0 = arith.addi %nbase0_0, %c0 : i64
    %ntb1 = arith.muli %ntstart, %istride1 : i64
    %nob1_0 = arith.muli %ni0, %ostride1_0 : i64
    %nbase1_0 = arith.addi %ntb1, %nob1_0 : i64
    %nbase1 = arith.addi %nbase1_0, %c0 : i64
    %ntb2 = arith.muli %ntstart, %istride2 : i64
    %nob2_0 = arith.muli %ni0, %ostride2_0 : i64
    %nbase2_0 = arith.addi %ntb2, %nob2_0 : i64
    %nbase2 = arith.addi %nbase2_0, %c0 : i64
    %ntb3 = arith.muli %ntstart, %istride3 : i64
    %nob3_0 = arith.muli %ni0, %ostride3_0 : i64
    %nbase3_0 = arith.addi %ntb3, %nob3_0 : i64
    %nbase3 = arith.addi %nbase3_0, %c0 : i64
    %v12 = arith.constant 0x3727C5AC : f32
    %v14 = arith.sitofp %len_all : i64 to f32
    %v15 = arith.constant 0x3F800000 : f32
    %v13 = arith.divf %v15, %v14 : f32
    %v16 = arith.constant 0x3F800000 : f32
    %v17 = arith.constant 0x00000000 : f32
    %v18 = arith.cmpi sgt, %vend64, %c0 : i64
    %v19:1 = scf.if %v18 -> (f32) {
      %v20 = vector.broadcast %v17 : f32 to vector<64xf32>
      %v22:1 = scf.for %v21 = %c0 to %vend64 step %cw64 iter_args(%v21_acc0 = %v20) -> (vector<64xf32>) : i64 {
        %v24 = arith.addi %base0, %v21 : i64
        %v25 = llvm.getelementptr %ptr0[%v24] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v26 = llvm.load %v25 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v27 = arith.addf %v21_acc0, %v26 fastmath<contract> : vector<64xf32>
        scf.yield %v27 : vector<64xf32>
      }
      %v28 = vector.reduction <add>, %v22#0 fastmath<reassoc> : vector<64xf32> into f32
      %v29 = arith.addf %v17, %v28 : f32
      scf.yield %v29 : f32
    } else {
      scf.yield %v17 : f32
    }
    %v30 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v31:1 = scf.if %v30 -> (f32) {
      %v32 = vector.broadcast %v17 : f32 to vector<16xf32>
      %v34:1 = scf.for %v33 = %vend64 to %vend16 step %cw16 iter_args(%v33_acc0 = %v32) -> (vector<16xf32>) : i64 {
        %v36 = arith.addi %base0, %v33 : i64
        %v37 = llvm.getelementptr %ptr0[%v36] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v38 = llvm.load %v37 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v39 = arith.addf %v33_acc0, %v38 fastmath<contract> : vector<16xf32>
        scf.yield %v39 : vector<16xf32>
      }
      %v40 = vector.reduction <add>, %v34#0 fastmath<reassoc> : vector<16xf32> into f32
      %v41 = arith.addf %v19#0, %v40 : f32
      scf.yield %v41 : f32
    } else {
      scf.yield %v19#0 : f32
    }
    %v42 = arith.cmpi sgt, %len, %vend16 : i64
    %v43:1 = scf.if %v42 -> (f32) {
      %v44 = vector.broadcast %v17 : f32 to vector<16xf32>
      %v46 = arith.subi %len, %vend16 : i64
      %v47 = arith.index_cast %v46 : i64 to index
      %v48 = vector.create_mask %v47 : vector<16xi1>
      %v50 = arith.addi %base0, %vend16 : i64
      %v51 = llvm.getelementptr %ptr0[%v50] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v53 = llvm.mlir.zero : vector<16xf32>
      %v52 = llvm.intr.masked.load %v51, %v48, %v53 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v54 = arith.select %v48, %v52, %v44 : vector<16xi1>, vector<16xf32>
      %v55 = arith.addf %v44, %v54 fastmath<contract> : vector<16xf32>
      %v56 = vector.reduction <add>, %v55 fastmath<reassoc> : vector<16xf32> into f32
      %v57 = arith.addf %v31#0, %v56 : f32
      scf.yield %v57 : f32
    } else {
      scf.yield %v31#0 : f32
    }
    %v58 = arith.mulf %v43#0, %v13 fastmath<contract> : f32
    %v59 = arith.constant 0x00000000 : f32
    %v60 = arith.cmpi sgt, %vend64, %c0 : i64
    %v61:1 = scf.if %v60 -> (f32) {
      %v62 = vector.broadcast %v59 : f32 to vector<64xf32>
      %v64:1 = scf.for %v63 = %c0 to %vend64 step %cw64 iter_args(%v63_acc0 = %v62) -> (vector<64xf32>) : i64 {
        %v65 = arith.addi %nbase0, %v63 : i64
        %v66 = llvm.getelementptr %ptr0[%v65] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v66) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v70 = arith.constant 16 : i64
        %v69 = arith.addi %v63, %v70 : i64
        %v67 = arith.addi %nbase0, %v69 : i64
        %v68 = llvm.getelementptr %ptr0[%v67] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v68) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v74 = arith.constant 32 : i64
        %v73 = arith.addi %v63, %v74 : i64
        %v71 = arith.addi %nbase0, %v73 : i64
        %v72 = llvm.getelementptr %ptr0[%v71] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v72) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v78 = arith.constant 48 : i64
        %v77 = arith.addi %v63, %v78 : i64
        %v75 = arith.addi %nbase0, %v77 : i64
        %v76 = llvm.getelementptr %ptr0[%v75] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v76) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v79 = arith.addi %nbase1, %v63 : i64
        %v80 = llvm.getelementptr %ptr1[%v79] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v80) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v84 = arith.constant 16 : i64
        %v83 = arith.addi %v63, %v84 : i64
        %v81 = arith.addi %nbase1, %v83 : i64
        %v82 = llvm.getelementptr %ptr1[%v81] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v82) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v88 = arith.constant 32 : i64
        %v87 = arith.addi %v63, %v88 : i64
        %v85 = arith.addi %nbase1, %v87 : i64
        %v86 = llvm.getelementptr %ptr1[%v85] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v86) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v92 = arith.constant 48 : i64
        %v91 = arith.addi %v63, %v92 : i64
        %v89 = arith.addi %nbase1, %v91 : i64
        %v90 = llvm.getelementptr %ptr1[%v89] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v90) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v93 = arith.addi %nbase2, %v63 : i64
        %v94 = llvm.getelementptr %ptr2[%v93] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v94) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v98 = arith.constant 16 : i64
        %v97 = arith.addi %v63, %v98 : i64
        %v95 = arith.addi %nbase2, %v97 : i64
        %v96 = llvm.getelementptr %ptr2[%v95] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v96) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v102 = arith.constant 32 : i64
        %v101 = arith.addi %v63, %v102 : i64
        %v99 = arith.addi %nbase2, %v101 : i64
        %v100 = llvm.getelementptr %ptr2[%v99] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v100) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v106 = arith.constant 48 : i64
        %v105 = arith.addi %v63, %v106 : i64
        %v103 = arith.addi %nbase2, %v105 : i64
        %v104 = llvm.getelementptr %ptr2[%v103] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v104) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v107 = arith.addi %nbase3, %v63 : i64
        %v108 = llvm.getelementptr %ptr3[%v107] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v108) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v112 = arith.constant 16 : i64
        %v111 = arith.addi %v63, %v112 : i64
        %v109 = arith.addi %nbase3, %v111 : i64
        %v110 = llvm.getelementptr %ptr3[%v109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v110) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v116 = arith.constant 32 : i64
        %v115 = arith.addi %v63, %v116 : i64
        %v113 = arith.addi %nbase3, %v115 : i64
        %v114 = llvm.getelementptr %ptr3[%v113] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v114) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v120 = arith.constant 48 : i64
        %v119 = arith.addi %v63, %v120 : i64
        %v117 = arith.addi %nbase3, %v119 : i64
        %v118 = llvm.getelementptr %ptr3[%v117] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v118) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v122 = arith.addi %base0, %v63 : i64
        %v123 = llvm.getelementptr %ptr0[%v122] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v124 = llvm.load %v123 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v125 = vector.broadcast %v58 : f32 to vector<64xf32>
        %v126 = arith.subf %v124, %v125 fastmath<contract> : vector<64xf32>
        %v127 = arith.mulf %v126, %v126 fastmath<contract> : vector<64xf32>
        %v128 = arith.addf %v63_acc0, %v127 fastmath<contract> : vector<64xf32>
        scf.yield %v128 : vector<64xf32>
      }
      %v129 = vector.reduction <add>, %v64#0 fastmath<reassoc> : vector<64xf32> into f32
      %v130 = arith.addf %v59, %v129 : f32
      scf.yield %v130 : f32
    } else {
      scf.yield %v59 : f32
    }
    %v131 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v132:1 = scf.if %v131 -> (f32) {
      %v133 = vector.broadcast %v59 : f32 to vector<16xf32>
      %v135:1 = scf.for %v134 = %vend64 to %vend16 step %cw16 iter_args(%v134_acc0 = %v133) -> (vector<16xf32>) : i64 {
        %v136 = arith.addi %nbase0, %v134 : i64
        %v137 = llvm.getelementptr %ptr0[%v136] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v137) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v138 = arith.addi %nbase1, %v134 : i64
        %v139 = llvm.getelementptr %ptr1[%v138] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v139) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v140 = arith.addi %nbase2, %v134 : i64
        %v141 = llvm.getelementptr %ptr2[%v140] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v141) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
        %v142 = arith.addi %nbase3, %v134 : i64
        %v143 = llvm.getelementptr %ptr3[%v142] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        "llvm.intr.prefetch"(%v143) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
        %v145 = arith.addi %base0, %v134 : i64
        %v146 = llvm.getelementptr %ptr0[%v145] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v147 = llvm.load %v146 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v148 = vector.broadcast %v58 : f32 to vector<16xf32>
        %v149 = arith.subf %v147, %v148 fastmath<contract> : vector<16xf32>
        %v150 = arith.mulf %v149, %v149 fastmath<contract> : vector<16xf32>
        %v151 = arith.addf %v134_acc0, %v150 fastmath<contract> : vector<16xf32>
        scf.yield %v151 : vector<16xf32>
      }
      %v152 = vector.reduction <add>, %v135#0 fastmath<reassoc> : vector<16xf32> into f32
      %v153 = arith.addf %v61#0, %v152 : f32
      scf.yield %v153 : f32
    } else {
      scf.yield %v61#0 : f32
    }
    %v154 = arith.cmpi sgt, %len, %vend16 : i64
    %v155:1 = scf.if %v154 -> (f32) {
      %v156 = vector.broadcast %v59 : f32 to vector<16xf32>
      %v158 = arith.subi %len, %vend16 : i64
      %v159 = arith.index_cast %v158 : i64 to index
      %v160 = vector.create_mask %v159 : vector<16xi1>
      %v162 = arith.addi %base0, %vend16 : i64
      %v163 = llvm.getelementptr %ptr0[%v162] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v165 = llvm.mlir.zero : vector<16xf32>
      %v164 = llvm.intr.masked.load %v163, %v160, %v165 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v166 = vector.broadcast %v58 : f32 to vector<16xf32>
      %v167 = arith.subf %v164, %v166 fastmath<contract> : vector<16xf32>
      %v168 = arith.mulf %v167, %v167 fastmath<contract> : vector<16xf32>
      %v169 = arith.select %v160, %v168, %v156 : vector<16xi1>, vector<16xf32>
      %v170 = arith.addf %v156, %v169 fastmath<contract> : vector<16xf32>
      %v171 = vector.reduction <add>, %v170 fastmath<reassoc> : vector<16xf32> into f32
      %v172 = arith.addf %v132#0, %v171 : f32
      scf.yield %v172 : f32
    } else {
      scf.yield %v132#0 : f32
    }
    %v173 = arith.mulf %v155#0, %v13 fastmath<contract> : f32
    %v174 = arith.addf %v173, %v12 fastmath<contract> : f32
    %v175 = math.sqrt %v174 : f32
    %v176 = arith.divf %v16, %v175 : f32
    scf.for %v179 = %c0 to %vend16 step %cw16 : i64 {
      %v182 = arith.addi %base0, %v179 : i64
      %v183 = llvm.getelementptr %ptr0[%v182] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v184 = llvm.load %v183 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v185 = vector.broadcast %v58 : f32 to vector<16xf32>
      %v186 = arith.subf %v184, %v185 fastmath<contract> : vector<16xf32>
      %v187 = vector.broadcast %v176 : f32 to vector<16xf32>
      %v188 = arith.mulf %v186, %v187 fastmath<contract> : vector<16xf32>
      %v190 = arith.addi %base1, %v179 : i64
      %v191 = llvm.getelementptr %ptr1[%v190] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v192 = llvm.load %v191 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v193 = arith.mulf %v188, %v192 fastmath<contract> : vector<16xf32>
      %v195 = arith.addi %base2, %v179 : i64
      %v196 = llvm.getelementptr %ptr2[%v195] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v197 = llvm.load %v196 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v198 = arith.addf %v193, %v197 fastmath<contract> : vector<16xf32>
      %v199 = arith.addi %base3, %v179 : i64
      %v200 = llvm.getelementptr %ptr3[%v199] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v198, %v200 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v201 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v201 {
      %v204 = arith.subi %len, %vend16 : i64
      %v205 = arith.index_cast %v204 : i64 to index
      %v206 = vector.create_mask %v205 : vector<16xi1>
      %v208 = arith.addi %base0, %vend16 : i64
      %v209 = llvm.getelementptr %ptr0[%v208] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v211 = llvm.mlir.zero : vector<16xf32>
      %v210 = llvm.intr.masked.load %v209, %v206, %v211 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v212 = vector.broadcast %v58 : f32 to vector<16xf32>
      %v213 = arith.subf %v210, %v212 fastmath<contract> : vector<16xf32>
      %v214 = vector.broadcast %v176 : f32 to vector<16xf32>
      %v215 = arith.mulf %v213, %v214 fastmath<contract> : vector<16xf32>
      %v217 = arith.addi %base1, %vend16 : i64
      %v218 = llvm.getelementptr %ptr1[%v217] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v220 = llvm.mlir.zero : vector<16xf32>
      %v219 = llvm.intr.masked.load %v218, %v206, %v220 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v221 = arith.mulf %v215, %v219 fastmath<contract> : vector<16xf32>
      %v223 = arith.addi %base2, %vend16 : i64
      %v224 = llvm.getelementptr %ptr2[%v223] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v226 = llvm.mlir.zero : vector<16xf32>
      %v225 = llvm.intr.masked.load %v224, %v206, %v226 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v227 = arith.addf %v221, %v225 fastmath<contract> : vector<16xf32>
      %v228 = arith.addi %base3, %vend16 : i64
      %v229 = llvm.getelementptr %ptr3[%v228] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v227, %v229, %v206 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
