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
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
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
    %nrow = arith.addi %row, %c1 : i64
    %nt = arith.remsi %nrow, %tiles : i64
    %nr1 = arith.divsi %nrow, %tiles : i64
    %ni0 = arith.remsi %nr1, %size0 : i64
    %nr0 = arith.divsi %nr1, %size0 : i64
    %ntstart = arith.muli %nt, %tile : i64
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
    %v18 = vector.broadcast %v17 : f32 to vector<64xf32>
    %v20:1 = scf.for %v19 = %c0 to %vend64 step %cw64 iter_args(%v19_acc0 = %v18) -> (vector<64xf32>) : i64 {
      %v22 = arith.addi %base0, %v19 : i64
      %v23 = llvm.getelementptr %ptr0[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v21 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v24 = arith.addf %v19_acc0, %v21 fastmath<contract> : vector<64xf32>
      scf.yield %v24 : vector<64xf32>
    }
    %v25 = vector.reduction <add>, %v20#0 : vector<64xf32> into f32
    %v26 = arith.addf %v17, %v25 : f32
    %v27 = vector.broadcast %v17 : f32 to vector<16xf32>
    %v29:1 = scf.for %v28 = %vend64 to %vend16 step %cw16 iter_args(%v28_acc0 = %v27) -> (vector<16xf32>) : i64 {
      %v31 = arith.addi %base0, %v28 : i64
      %v32 = llvm.getelementptr %ptr0[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v30 = llvm.load %v32 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.addf %v28_acc0, %v30 fastmath<contract> : vector<16xf32>
      scf.yield %v33 : vector<16xf32>
    }
    %v34 = vector.reduction <add>, %v29#0 : vector<16xf32> into f32
    %v35 = arith.addf %v26, %v34 : f32
    %v37:1 = scf.for %v36 = %vend16 to %len step %c1 iter_args(%v36_acc0 = %v35) -> (f32) : i64 {
      %v39 = arith.addi %base0, %v36 : i64
      %v40 = llvm.getelementptr %ptr0[%v39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v38 = llvm.load %v40 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v41 = arith.addf %v36_acc0, %v38 fastmath<contract> : f32
      scf.yield %v41 : f32
    }
    %v42 = arith.mulf %v37#0, %v13 fastmath<contract> : f32
    %v43 = arith.constant 0x00000000 : f32
    %v44 = vector.broadcast %v43 : f32 to vector<64xf32>
    %v46:1 = scf.for %v45 = %c0 to %vend64 step %cw64 iter_args(%v45_acc0 = %v44) -> (vector<64xf32>) : i64 {
      %v47 = arith.addi %nbase0, %v45 : i64
      %v48 = llvm.getelementptr %ptr0[%v47] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v48) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v52 = arith.constant 16 : i64
      %v51 = arith.addi %v45, %v52 : i64
      %v49 = arith.addi %nbase0, %v51 : i64
      %v50 = llvm.getelementptr %ptr0[%v49] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v50) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v56 = arith.constant 32 : i64
      %v55 = arith.addi %v45, %v56 : i64
      %v53 = arith.addi %nbase0, %v55 : i64
      %v54 = llvm.getelementptr %ptr0[%v53] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v54) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v60 = arith.constant 48 : i64
      %v59 = arith.addi %v45, %v60 : i64
      %v57 = arith.addi %nbase0, %v59 : i64
      %v58 = llvm.getelementptr %ptr0[%v57] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v58) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v61 = arith.addi %nbase1, %v45 : i64
      %v62 = llvm.getelementptr %ptr1[%v61] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v62) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v66 = arith.constant 16 : i64
      %v65 = arith.addi %v45, %v66 : i64
      %v63 = arith.addi %nbase1, %v65 : i64
      %v64 = llvm.getelementptr %ptr1[%v63] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v64) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v70 = arith.constant 32 : i64
      %v69 = arith.addi %v45, %v70 : i64
      %v67 = arith.addi %nbase1, %v69 : i64
      %v68 = llvm.getelementptr %ptr1[%v67] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v68) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v74 = arith.constant 48 : i64
      %v73 = arith.addi %v45, %v74 : i64
      %v71 = arith.addi %nbase1, %v73 : i64
      %v72 = llvm.getelementptr %ptr1[%v71] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v72) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v75 = arith.addi %nbase2, %v45 : i64
      %v76 = llvm.getelementptr %ptr2[%v75] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v76) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v80 = arith.constant 16 : i64
      %v79 = arith.addi %v45, %v80 : i64
      %v77 = arith.addi %nbase2, %v79 : i64
      %v78 = llvm.getelementptr %ptr2[%v77] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v78) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v84 = arith.constant 32 : i64
      %v83 = arith.addi %v45, %v84 : i64
      %v81 = arith.addi %nbase2, %v83 : i64
      %v82 = llvm.getelementptr %ptr2[%v81] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v82) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v88 = arith.constant 48 : i64
      %v87 = arith.addi %v45, %v88 : i64
      %v85 = arith.addi %nbase2, %v87 : i64
      %v86 = llvm.getelementptr %ptr2[%v85] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v86) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v89 = arith.addi %nbase3, %v45 : i64
      %v90 = llvm.getelementptr %ptr3[%v89] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v90) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v94 = arith.constant 16 : i64
      %v93 = arith.addi %v45, %v94 : i64
      %v91 = arith.addi %nbase3, %v93 : i64
      %v92 = llvm.getelementptr %ptr3[%v91] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v92) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v98 = arith.constant 32 : i64
      %v97 = arith.addi %v45, %v98 : i64
      %v95 = arith.addi %nbase3, %v97 : i64
      %v96 = llvm.getelementptr %ptr3[%v95] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v96) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v102 = arith.constant 48 : i64
      %v101 = arith.addi %v45, %v102 : i64
      %v99 = arith.addi %nbase3, %v101 : i64
      %v100 = llvm.getelementptr %ptr3[%v99] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v100) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v104 = arith.addi %base0, %v45 : i64
      %v105 = llvm.getelementptr %ptr0[%v104] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v103 = llvm.load %v105 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v106 = vector.broadcast %v42 : f32 to vector<64xf32>
      %v107 = arith.subf %v103, %v106 fastmath<contract> : vector<64xf32>
      %v108 = arith.mulf %v107, %v107 fastmath<contract> : vector<64xf32>
      %v109 = arith.addf %v45_acc0, %v108 fastmath<contract> : vector<64xf32>
      scf.yield %v109 : vector<64xf32>
    }
    %v110 = vector.reduction <add>, %v46#0 : vector<64xf32> into f32
    %v111 = arith.addf %v43, %v110 : f32
    %v112 = vector.broadcast %v43 : f32 to vector<16xf32>
    %v114:1 = scf.for %v113 = %vend64 to %vend16 step %cw16 iter_args(%v113_acc0 = %v112) -> (vector<16xf32>) : i64 {
      %v115 = arith.addi %nbase0, %v113 : i64
      %v116 = llvm.getelementptr %ptr0[%v115] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v116) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v117 = arith.addi %nbase1, %v113 : i64
      %v118 = llvm.getelementptr %ptr1[%v117] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v118) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v119 = arith.addi %nbase2, %v113 : i64
      %v120 = llvm.getelementptr %ptr2[%v119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v120) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v121 = arith.addi %nbase3, %v113 : i64
      %v122 = llvm.getelementptr %ptr3[%v121] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v122) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v124 = arith.addi %base0, %v113 : i64
      %v125 = llvm.getelementptr %ptr0[%v124] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v123 = llvm.load %v125 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v126 = vector.broadcast %v42 : f32 to vector<16xf32>
      %v127 = arith.subf %v123, %v126 fastmath<contract> : vector<16xf32>
      %v128 = arith.mulf %v127, %v127 fastmath<contract> : vector<16xf32>
      %v129 = arith.addf %v113_acc0, %v128 fastmath<contract> : vector<16xf32>
      scf.yield %v129 : vector<16xf32>
    }
    %v130 = vector.reduction <add>, %v114#0 : vector<16xf32> into f32
    %v131 = arith.addf %v111, %v130 : f32
    %v133:1 = scf.for %v132 = %vend16 to %len step %c1 iter_args(%v132_acc0 = %v131) -> (f32) : i64 {
      %v135 = arith.addi %base0, %v132 : i64
      %v136 = llvm.getelementptr %ptr0[%v135] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v134 = llvm.load %v136 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v137 = arith.subf %v134, %v42 fastmath<contract> : f32
      %v138 = arith.mulf %v137, %v137 fastmath<contract> : f32
      %v139 = arith.addf %v132_acc0, %v138 fastmath<contract> : f32
      scf.yield %v139 : f32
    }
    %v140 = arith.mulf %v133#0, %v13 fastmath<contract> : f32
    %v141 = arith.addf %v140, %v12 fastmath<contract> : f32
    %v142 = math.sqrt %v141 : f32
    %v143 = arith.divf %v16, %v142 : f32
    scf.for %v144 = %c0 to %vend16 step %cw16 : i64 {
      %v147 = arith.addi %base0, %v144 : i64
      %v148 = llvm.getelementptr %ptr0[%v147] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v146 = llvm.load %v148 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v149 = vector.broadcast %v42 : f32 to vector<16xf32>
      %v150 = arith.subf %v146, %v149 fastmath<contract> : vector<16xf32>
      %v151 = vector.broadcast %v143 : f32 to vector<16xf32>
      %v152 = arith.mulf %v150, %v151 fastmath<contract> : vector<16xf32>
      %v154 = arith.addi %base1, %v144 : i64
      %v155 = llvm.getelementptr %ptr1[%v154] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v153 = llvm.load %v155 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v156 = arith.mulf %v152, %v153 fastmath<contract> : vector<16xf32>
      %v158 = arith.addi %base2, %v144 : i64
      %v159 = llvm.getelementptr %ptr2[%v158] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v157 = llvm.load %v159 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v160 = arith.addf %v156, %v157 fastmath<contract> : vector<16xf32>
      %v161 = arith.addi %base3, %v144 : i64
      %v162 = llvm.getelementptr %ptr3[%v161] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v160, %v162 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v163 = %vend16 to %len step %c1 : i64 {
      %v166 = arith.addi %base0, %v163 : i64
      %v167 = llvm.getelementptr %ptr0[%v166] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v165 = llvm.load %v167 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v168 = arith.subf %v165, %v42 fastmath<contract> : f32
      %v169 = arith.mulf %v168, %v143 fastmath<contract> : f32
      %v171 = arith.addi %base1, %v163 : i64
      %v172 = llvm.getelementptr %ptr1[%v171] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v170 = llvm.load %v172 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v173 = arith.mulf %v169, %v170 fastmath<contract> : f32
      %v175 = arith.addi %base2, %v163 : i64
      %v176 = llvm.getelementptr %ptr2[%v175] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v174 = llvm.load %v176 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v177 = arith.addf %v173, %v174 fastmath<contract> : f32
      %v178 = arith.addi %base3, %v163 : i64
      %v179 = llvm.getelementptr %ptr3[%v178] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v177, %v179 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
